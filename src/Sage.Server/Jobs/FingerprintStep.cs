using Sage.Embeddings.Fingerprints;
using Sage.Server.Data;
using Sage.Server.Fingerprints;
using Sage.Server.Videos;

namespace Sage.Server.Jobs;

/// <summary>
/// Computes a video's frame-level fingerprint on a decode of its own and stores it at
/// <c>fingerprints/{videoId}.sgfp</c>. The result lands only while the fingerprint is still this job's.
/// </summary>
public sealed class FingerprintStep(
    SageDatabase database,
    JobQueue jobs,
    VideoCatalog videos,
    FingerprintCatalog catalog,
    FingerprintObjects objects,
    FingerprintPipeline pipeline,
    VideoInputs inputs,
    IVideoFingerprinter fingerprinter) : IJobStep
{
    public string Name => JobStep.Fingerprint;

    public async Task RunAsync(Job job, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var video = await videos.FindAsync(job.VideoId, cancellationToken).ConfigureAwait(false)
            ?? throw new PermanentJobException("The video was deleted.");
        var probe = video.Probe ?? throw new PermanentJobException("The video has not been probed.");
        if (!await catalog.UpdateAsync(video.Id, job.Id, StepStatus.Processing, job.Progress, null, cancellationToken).ConfigureAwait(false))
        {
            // Cancelled or replaced before it started.
            await jobs.FinishAsync(job.Id, JobStatus.Cancelled, null, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        await pipeline.PublishAsync(video.Id, CancellationToken.None).ConfigureAwait(false);
        var source = await inputs.ResolveAsync(video.StorageKey, video.FileName, cancellationToken).ConfigureAwait(false);
        var fingerprint = await fingerprinter.FingerprintAsync(source.DecoderInput, probe, progress, cancellationToken).ConfigureAwait(false);
        // The key is the video's, so a result discarded below is overwritten by the next run or removed with the video.
        var stored = await objects.SaveAsync(video.Id, fingerprint, cancellationToken).ConfigureAwait(false);
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await jobs.FinishAsync(connection, transaction, job.Id, JobStatus.Succeeded, null, cancellationToken).ConfigureAwait(false) ||
                !await catalog.CompleteAsync(connection, transaction, video.Id, job.Id, stored, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await pipeline.PublishAsync(video.Id, CancellationToken.None).ConfigureAwait(false);
    }

    public async Task SaveProgressAsync(Job job, double progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (await catalog.UpdateAsync(job.VideoId, job.Id, StepStatus.Processing, progress, null, cancellationToken).ConfigureAwait(false))
        {
            await pipeline.PublishAsync(job.VideoId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task FailAsync(Job job, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await catalog.UpdateAsync(job.VideoId, job.Id, StepStatus.Failed, 0, reason, cancellationToken).ConfigureAwait(false);
        await pipeline.PublishAsync(job.VideoId, cancellationToken).ConfigureAwait(false);
    }
}
