using System.Globalization;
using Sage.Embeddings;
using Sage.Embeddings.Local;
using Sage.Media;
using Sage.Server.Data;
using Sage.Server.Events;
using Sage.Server.Fingerprints;
using Sage.Server.Proxies;
using Sage.Server.Videos;

namespace Sage.Server.Jobs;

/// <summary>
/// Reads what the video is (ffprobe). A usable video then gets its thumbnail, its embedding, its fingerprint and (when it needs one) its proxy queued
/// in one transaction; an unreadable or too short one is failed with the reason.
/// </summary>
public sealed class ProbeStep(
    SageDatabase database,
    JobQueue jobs,
    VideoCatalog videos,
    EmbeddingCatalog embeddings,
    VideoPipeline pipeline,
    FingerprintPipeline fingerprints,
    ProxyPipeline proxies,
    VideoInputs inputs,
    IMediaTools media) : IJobStep
{
    public string Name => JobStep.Probe;

    public async Task RunAsync(Job job, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var video = await videos.FindAsync(job.VideoId, cancellationToken).ConfigureAwait(false)
            ?? throw new PermanentJobException("The video was deleted.");
        var source = await inputs.ResolveAsync(video.StorageKey, video.FileName, cancellationToken).ConfigureAwait(false);
        VideoProbe probe;
        try
        {
            probe = await media.ProbeAsync(source.DecoderInput, cancellationToken).ConfigureAwait(false);
        }
        catch (UnreadableMediaException unreadable)
        {
            await FailVideoAsync(job, FailureText.Redact(unreadable.Message)).ConfigureAwait(false);
            return;
        }

        if (probe.DurationSeconds < EmbeddingRequest.MinClipLengthSeconds / 2)
        {
            await FailVideoAsync(job, string.Create(CultureInfo.InvariantCulture,
                $"the video is too short to compare ({probe.DurationSeconds:0.###} s; at least {EmbeddingRequest.MinClipLengthSeconds / 2} s is needed)")).ConfigureAwait(false);
            return;
        }

        await videos.SaveProbeAsync(video.Id, probe, cancellationToken).ConfigureAwait(false);
        var pending = await embeddings.FindAsync(video.Id, cancellationToken).ConfigureAwait(false);
        var resolved = pending is { Status: StepStatus.Pending, JobId: null }
            ? await pipeline.ResolveAsync(new EmbeddingPreference(pending.Engine, pending.ClipLength), cancellationToken).ConfigureAwait(false)
            : null;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await jobs.FinishAsync(connection, transaction, job.Id, JobStatus.Succeeded, null, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await jobs.EnqueueAsync(connection, transaction, video.Id, JobStep.Thumbnail, null, null, cancellationToken).ConfigureAwait(false);
            var embedding = await EmbeddingCatalog.FindAsync(connection, transaction, video.Id, cancellationToken).ConfigureAwait(false);
            var embedQueued = resolved is not null && embedding is { Status: StepStatus.Pending, JobId: null };
            if (embedQueued)
            {
                await pipeline.EnqueueEmbedAsync(connection, transaction, video.Id, resolved!, cancellationToken).ConfigureAwait(false);
            }

            // The local engine decodes every frame anyway and fingerprints in that decode: no second decode for it.
            var localComputesIt = embedQueued && string.Equals(resolved!.Engine, LocalEmbeddingEngine.EngineName, StringComparison.Ordinal);
            await fingerprints.QueueAfterProbeAsync(connection, transaction, video.Id, localComputesIt, cancellationToken).ConfigureAwait(false);
            await proxies.QueueAfterProbeAsync(connection, transaction, video.Id, probe, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await pipeline.PublishVideoAsync(SageEventTypes.VideoUpdated, video.Id, CancellationToken.None).ConfigureAwait(false);
    }

    public Task SaveProgressAsync(Job job, double progress, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task FailAsync(Job job, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await MarkUnusableAsync(job.VideoId, reason).ConfigureAwait(false);
    }

    private async Task FailVideoAsync(Job job, string reason)
    {
        await jobs.FinishAsync(job.Id, JobStatus.Failed, reason, CancellationToken.None).ConfigureAwait(false);
        await MarkUnusableAsync(job.VideoId, reason).ConfigureAwait(false);
    }

    private async Task MarkUnusableAsync(Guid videoId, string reason)
    {
        await videos.MarkFailedAsync(videoId, reason, CancellationToken.None).ConfigureAwait(false);
        await embeddings.UpdateAsync(videoId, null, StepStatus.Failed, 0, $"The video cannot be used: {reason}", CancellationToken.None).ConfigureAwait(false);
        await pipeline.PublishVideoAsync(SageEventTypes.VideoUpdated, videoId, CancellationToken.None).ConfigureAwait(false);
    }
}
