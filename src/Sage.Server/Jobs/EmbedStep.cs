using Sage.Embeddings;
using Sage.Server.Data;
using Sage.Server.Fingerprints;
using Sage.Server.Videos;

namespace Sage.Server.Jobs;

/// <summary>
/// Embeds the video with the job's engine and stores the set. A fingerprint the engine computed in its own decode is
/// stored too; when the fingerprint waited for the engine and it brought none (or failed), a fingerprint job is queued.
/// </summary>
public sealed partial class EmbedStep(
    SageDatabase database,
    JobQueue jobs,
    VideoCatalog videos,
    EmbeddingCatalog embeddings,
    EmbeddingEngines engines,
    VideoPipeline pipeline,
    FingerprintPipeline fingerprints,
    VideoInputs inputs,
    ILogger<EmbedStep> logger) : IJobStep
{
    public string Name => JobStep.Embed;

    public async Task RunAsync(Job job, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var video = await videos.FindAsync(job.VideoId, cancellationToken).ConfigureAwait(false)
            ?? throw new PermanentJobException("The video was deleted.");
        var probe = video.Probe ?? throw new PermanentJobException("The video has not been probed.");
        var engineName = job.Engine ?? throw new PermanentJobException("The job names no engine.");
        if (!engines.TryGet(engineName, out var engine))
        {
            throw new PermanentJobException($"The engine '{engineName}' is not available.");
        }

        if (!await embeddings.UpdateAsync(video.Id, job.Id, StepStatus.Processing, job.Progress, null, cancellationToken).ConfigureAwait(false))
        {
            // Cancelled or replaced before it started.
            await jobs.FinishAsync(job.Id, JobStatus.Cancelled, null, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        await pipeline.PublishEmbeddingAsync(video.Id, CancellationToken.None).ConfigureAwait(false);
        var source = await inputs.ResolveAsync(video.StorageKey, video.FileName, cancellationToken).ConfigureAwait(false);
        var request = new EmbeddingRequest
        {
            Source = source,
            Probe = probe,
            ClipLengthSeconds = job.ClipLength ?? EmbeddingRequest.DefaultClipLengthSeconds,
            ResumeRemoteTaskId = job.RemoteTaskId,
            RemoteTaskCreated = (taskId, ct) => jobs.SaveRemoteTaskIdAsync(job.Id, taskId, ct),
        };

        EmbeddingResult result;
        try
        {
            request.Validate();
            result = await engine.EmbedAsync(request, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException invalid)
        {
            throw new PermanentJobException(invalid.Message, invalid);
        }

        // The fingerprint first: a client that compares the moment the embedding is ready gets frame precision.
        await fingerprints.AfterEmbeddingAsync(video.Id, result.Fingerprint, cancellationToken).ConfigureAwait(false);
        var notes = result.Skipped.Count == 0 ? null : string.Join("; ", result.Skipped.Select(s => $"{s.Option}: {s.Reason}"));
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            // Both guards hold only if nobody cancelled or replaced this embedding meanwhile.
            if (!await jobs.FinishAsync(connection, transaction, job.Id, JobStatus.Succeeded, null, cancellationToken).ConfigureAwait(false) ||
                !await embeddings.CompleteAsync(connection, transaction, video.Id, job.Id, result.Set, notes, cancellationToken).ConfigureAwait(false))
            {
                LogResultDiscarded(job.Id, video.Id);
                return;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        LogEmbeddingReady(video.Id, result.Set.Engine, result.Set.Segments.Count, result.Elapsed.TotalSeconds);
        await pipeline.PublishEmbeddingAsync(video.Id, CancellationToken.None).ConfigureAwait(false);
    }

    public async Task SaveProgressAsync(Job job, double progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (await embeddings.UpdateAsync(job.VideoId, job.Id, StepStatus.Processing, progress, null, cancellationToken).ConfigureAwait(false))
        {
            await pipeline.PublishEmbeddingAsync(job.VideoId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task DeferAsync(Job job, DateTimeOffset retryAt, string waitingFor, CancellationToken cancellationToken)
    {
        var until = retryAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var note = $"Waiting for {waitingFor} until {until} UTC; it runs again then.";
        await embeddings.WaitAsync(job.VideoId, job.Id, retryAt, note, cancellationToken).ConfigureAwait(false);
        await pipeline.PublishEmbeddingAsync(job.VideoId, cancellationToken).ConfigureAwait(false);
    }

    public async Task FailAsync(Job job, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await embeddings.UpdateAsync(job.VideoId, job.Id, StepStatus.Failed, 0, reason, cancellationToken).ConfigureAwait(false);
        await pipeline.PublishEmbeddingAsync(job.VideoId, cancellationToken).ConfigureAwait(false);
        await fingerprints.AfterEmbeddingAsync(job.VideoId, computed: null, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 607, Level = LogLevel.Information, Message = "Result of job {JobId} for video {VideoId} discarded: the embedding was cancelled or replaced")]
    private partial void LogResultDiscarded(Guid jobId, Guid videoId);

    [LoggerMessage(EventId = 608, Level = LogLevel.Information, Message = "Embedding of video {VideoId} ready: engine {Engine}, {Segments} segments in {Seconds:0.0} s")]
    private partial void LogEmbeddingReady(Guid videoId, string engine, int segments, double seconds);
}
