using System.Data.Common;
using Sage.Core.Fingerprints;
using Sage.Server.Data;
using Sage.Server.Events;
using Sage.Server.Jobs;
using Sage.Server.Videos;

namespace Sage.Server.Fingerprints;

/// <summary>
/// When a video's fingerprint is computed: after the probe (unless the local engine will compute it in its own
/// decode), after a local embedding that brought none, at start-up for videos that lack one, and on request.
/// Requests only write rows and wake the worker.
/// </summary>
public sealed partial class FingerprintPipeline(
    SageDatabase database,
    JobQueue jobs,
    FingerprintCatalog fingerprints,
    FingerprintObjects objects,
    RunningJobs running,
    JobSignal signal,
    EventHub events,
    ILogger<FingerprintPipeline> logger)
{
    /// <summary>
    /// Inside the probe's transaction: queues the fingerprint job, or, when <paramref name="localEngineComputesIt"/>,
    /// leaves the fingerprint pending for the embed step. A fingerprint already queued (a re-run before the probe) or
    /// cancelled is left as it is.
    /// </summary>
    public async Task QueueAfterProbeAsync(DbConnection connection, DbTransaction transaction, Guid videoId, bool localEngineComputesIt, CancellationToken cancellationToken)
    {
        var state = await FingerprintCatalog.FindAsync(connection, transaction, videoId, cancellationToken).ConfigureAwait(false);
        if (state is { Status: StepStatus.Cancelled } || (state is { JobId: not null } && StepStatus.IsActive(state.Status)))
        {
            return;
        }

        if (localEngineComputesIt)
        {
            await fingerprints.ResetAsync(connection, transaction, videoId, jobId: null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await EnqueueAsync(connection, transaction, videoId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After an embedding (or its failure): stores the fingerprint the engine computed in its own decode, or queues a
    /// fingerprint job when the fingerprint was left waiting for the engine and it brought none.
    /// </summary>
    public async Task AfterEmbeddingAsync(Guid videoId, VideoFingerprint? computed, CancellationToken cancellationToken)
    {
        var state = await fingerprints.FindAsync(videoId, cancellationToken).ConfigureAwait(false);
        var ownedByJob = state is { JobId: not null } && StepStatus.IsActive(state.Status);
        if (computed is not null)
        {
            if (!ownedByJob)
            {
                var stored = await objects.SaveAsync(videoId, computed, cancellationToken).ConfigureAwait(false);
                if (await fingerprints.CompleteWithoutJobAsync(videoId, stored, cancellationToken).ConfigureAwait(false))
                {
                    LogStoredFromEngine(videoId, stored.Size);
                    await PublishAsync(videoId, cancellationToken).ConfigureAwait(false);
                }
            }

            return;
        }

        // Only a fingerprint left waiting for the engine; a video without a row (from before fingerprints) is the start-up's.
        if (state is { Status: StepStatus.Pending, JobId: null })
        {
            await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                await EnqueueAsync(connection, transaction, videoId, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            signal.Notify();
            await PublishAsync(videoId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Computes the fingerprint again (cancelling one in progress). A video not probed yet gets it after its probe.</summary>
    public async Task RerunAsync(Video video, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(video);
        IReadOnlyList<Guid> cancelled;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            cancelled = await jobs.CancelAsync(connection, transaction, video.Id, JobStep.Fingerprint, cancellationToken).ConfigureAwait(false);
            if (video.Status == VideoStatus.Ready)
            {
                await EnqueueAsync(connection, transaction, video.Id, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await fingerprints.ResetAsync(connection, transaction, video.Id, jobId: null, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        running.Cancel(cancelled);
        signal.Notify();
        await PublishAsync(video.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the fingerprint of a video (its ffmpeg is killed if it runs here); false when none was active.</summary>
    public async Task<bool> CancelAsync(Guid videoId, CancellationToken cancellationToken)
    {
        IReadOnlyList<Guid> cancelled;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await fingerprints.CancelAsync(connection, transaction, videoId, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            cancelled = await jobs.CancelAsync(connection, transaction, videoId, JobStep.Fingerprint, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        running.Cancel(cancelled);
        LogCancelled(videoId, cancelled.Count);
        await PublishAsync(videoId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Queues a fingerprint job for every ready video that needs one (<see cref="FingerprintCatalog.ListMissingAsync"/>).</summary>
    public async Task<int> QueueMissingAsync(CancellationToken cancellationToken)
    {
        var missing = await fingerprints.ListMissingAsync(cancellationToken).ConfigureAwait(false);
        foreach (var videoId in missing)
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await EnqueueAsync(connection, transaction, videoId, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (missing.Count > 0)
        {
            LogQueuedMissing(missing.Count);
            signal.Notify();
        }

        return missing.Count;
    }

    public async Task PublishAsync(Guid videoId, CancellationToken cancellationToken)
    {
        var state = await fingerprints.FindAsync(videoId, cancellationToken).ConfigureAwait(false);
        if (state is not null)
        {
            events.Publish(SageEventTypes.FingerprintUpdated, new { videoId, fingerprint = FingerprintSummary.From(state) });
        }
    }

    private async Task EnqueueAsync(DbConnection connection, DbTransaction transaction, Guid videoId, CancellationToken cancellationToken)
    {
        var jobId = await jobs.EnqueueAsync(connection, transaction, videoId, JobStep.Fingerprint, engine: null, clipLength: null, cancellationToken).ConfigureAwait(false);
        await fingerprints.ResetAsync(connection, transaction, videoId, jobId, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Fingerprint of video {VideoId} stored from the engine's own decode ({Bytes} bytes)")]
    private partial void LogStoredFromEngine(Guid videoId, long bytes);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Fingerprint of video {VideoId} cancelled ({Jobs} jobs stopped)")]
    private partial void LogCancelled(Guid videoId, int jobs);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Fingerprint jobs queued for {Count} video(s) that had none of this version")]
    private partial void LogQueuedMissing(int count);
}
