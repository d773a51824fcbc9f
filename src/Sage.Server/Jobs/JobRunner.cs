using Microsoft.Extensions.Options;
using Sage.Embeddings;
using Sage.Embeddings.TwelveLabs;
using Sage.Media;
using Sage.Server.Data;
using Sage.Server.Events;
using Sage.Server.Videos;
using Sage.Storage;

namespace Sage.Server.Jobs;

/// <summary>A failure that trying again cannot fix (unreadable video, invalid key, rule broken).</summary>
public sealed class PermanentJobException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Runs one claimed job: probe, thumbnail or embed. While it runs, the lease is renewed and
/// progress saved twice a second; a job that loses its lease or is cancelled stops, and its
/// result is discarded rather than written.
/// </summary>
public sealed partial class JobRunner(
    SageDatabase database,
    JobQueue jobs,
    VideoCatalog videos,
    EmbeddingCatalog embeddings,
    VideoPipeline pipeline,
    VideoInputs inputs,
    IMediaTools media,
    EmbeddingEngines engines,
    IObjectStore store,
    RunningJobs running,
    JobSignal signal,
    IOptions<JobOptions> options,
    ILogger<JobRunner> logger)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    public async Task RunAsync(Job job, CancellationToken stopping)
    {
        using var jobCancellation = running.Start(job.Id, stopping);
        var progress = new LatestProgress();
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(job, progress, jobCancellation, heartbeatStop.Token);
        LogJobStarted(job.Id, job.Step, job.VideoId, job.Attempts);
        try
        {
            if (job.Attempts > options.Value.MaxAttempts)
            {
                throw new PermanentJobException($"The {job.Step} step was interrupted {job.Attempts - 1} times; giving up.");
            }

            await (job.Step switch
            {
                JobStep.Probe => ProbeAsync(job, jobCancellation.Token),
                JobStep.Thumbnail => ThumbnailAsync(job, jobCancellation.Token),
                JobStep.Embed => EmbedAsync(job, progress, jobCancellation.Token),
                _ => throw new PermanentJobException($"Unknown job step '{job.Step}'."),
            }).ConfigureAwait(false);
            LogJobFinished(job.Id, job.Step, job.VideoId);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: hand the job back so the next start resumes it at once.
            await jobs.ReleaseAsync(job.Id, CancellationToken.None).ConfigureAwait(false);
            LogJobReleased(job.Id, job.Step);
        }
        catch (OperationCanceledException) when (jobCancellation.IsCancellationRequested)
        {
            // Cancelled by a request (the row already says so) or the lease was lost.
            LogJobCancelled(job.Id, job.Step, job.VideoId);
        }
        catch (Exception ex) when (ex is IRetryLater later)
        {
            // A quota that resets at a known time: wait for it without spending an attempt.
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            LogJobDeferred(job.Id, job.Step, later.RetryAt);
            await DeferAsync(job, later).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransient(ex) && job.Attempts < options.Value.MaxAttempts)
        {
            LogJobRetry(job.Id, job.Step, job.Attempts, ex);
            await jobs.ReleaseAsync(job.Id, CancellationToken.None, countAttempt: true).ConfigureAwait(false);
            signal.Notify();
        }
        catch (Exception ex)
        {
            LogJobFailed(job.Id, job.Step, job.VideoId, ex);
            await FailAsync(job, Describe(ex)).ConfigureAwait(false);
        }
        finally
        {
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            running.Finish(job.Id);
        }
    }

    private async Task ProbeAsync(Job job, CancellationToken cancellationToken)
    {
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
            var reason = unreadable.Message;
            await videos.MarkFailedAsync(video.Id, reason, CancellationToken.None).ConfigureAwait(false);
            await embeddings.UpdateAsync(video.Id, jobId: null, EmbeddingStatus.Failed, 0, $"The video cannot be used: {reason}", CancellationToken.None).ConfigureAwait(false);
            await jobs.FinishAsync(job.Id, JobStatus.Failed, reason, CancellationToken.None).ConfigureAwait(false);
            await pipeline.PublishVideoAsync(SageEventTypes.VideoUpdated, video.Id, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        if (probe.DurationSeconds < EmbeddingRequest.MinClipLengthSeconds / 2)
        {
            var reason = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the video is too short to compare ({probe.DurationSeconds:0.###} s; at least {EmbeddingRequest.MinClipLengthSeconds / 2} s is needed)");
            await videos.MarkFailedAsync(video.Id, reason, CancellationToken.None).ConfigureAwait(false);
            await embeddings.UpdateAsync(video.Id, jobId: null, EmbeddingStatus.Failed, 0, $"The video cannot be used: {reason}", CancellationToken.None).ConfigureAwait(false);
            await jobs.FinishAsync(job.Id, JobStatus.Failed, reason, CancellationToken.None).ConfigureAwait(false);
            await pipeline.PublishVideoAsync(SageEventTypes.VideoUpdated, video.Id, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        await videos.SaveProbeAsync(video.Id, probe, cancellationToken).ConfigureAwait(false);
        var pending = await embeddings.FindAsync(video.Id, cancellationToken).ConfigureAwait(false);
        var resolved = pending is { Status: EmbeddingStatus.Pending, JobId: null }
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
            if (resolved is not null && embedding is { Status: EmbeddingStatus.Pending, JobId: null })
            {
                await pipeline.EnqueueEmbedAsync(connection, transaction, video.Id, resolved, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        signal.Notify();
        await pipeline.PublishVideoAsync(SageEventTypes.VideoUpdated, video.Id, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task ThumbnailAsync(Job job, CancellationToken cancellationToken)
    {
        var video = await videos.FindAsync(job.VideoId, cancellationToken).ConfigureAwait(false)
            ?? throw new PermanentJobException("The video was deleted.");
        var probe = video.Probe ?? throw new PermanentJobException("The video has not been probed.");
        var source = await inputs.ResolveAsync(video.StorageKey, video.FileName, cancellationToken).ConfigureAwait(false);
        using var jpeg = new MemoryStream();
        await media.ExtractThumbnailAsync(source.DecoderInput, ThumbnailTime.Choose(probe.DurationSeconds), jpeg, cancellationToken).ConfigureAwait(false);
        jpeg.Position = 0;
        var key = ThumbnailKey(video.Id);
        await store.PutObjectAsync(key, jpeg, new ObjectMetadata("thumbnail.jpg", "image/jpeg", DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
        await videos.SaveThumbnailAsync(video.Id, key, cancellationToken).ConfigureAwait(false);
        await jobs.FinishAsync(job.Id, JobStatus.Succeeded, null, cancellationToken).ConfigureAwait(false);
        await pipeline.PublishVideoAsync(SageEventTypes.VideoUpdated, video.Id, CancellationToken.None).ConfigureAwait(false);
    }

    public static string ThumbnailKey(Guid videoId) => $"thumbnails/{videoId}.jpg";

    private async Task EmbedAsync(Job job, LatestProgress progress, CancellationToken cancellationToken)
    {
        var video = await videos.FindAsync(job.VideoId, cancellationToken).ConfigureAwait(false)
            ?? throw new PermanentJobException("The video was deleted.");
        var probe = video.Probe ?? throw new PermanentJobException("The video has not been probed.");
        var engineName = job.Engine ?? throw new PermanentJobException("The job names no engine.");
        if (!engines.TryGet(engineName, out var engine))
        {
            throw new PermanentJobException($"The engine '{engineName}' is not available.");
        }

        if (!await embeddings.UpdateAsync(video.Id, job.Id, EmbeddingStatus.Processing, job.Progress, null, cancellationToken).ConfigureAwait(false))
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

    private async Task FailAsync(Job job, string reason)
    {
        await jobs.FinishAsync(job.Id, JobStatus.Failed, reason, CancellationToken.None).ConfigureAwait(false);
        if (job.Step == JobStep.Embed)
        {
            await embeddings.UpdateAsync(job.VideoId, job.Id, EmbeddingStatus.Failed, 0, reason, CancellationToken.None).ConfigureAwait(false);
            await pipeline.PublishEmbeddingAsync(job.VideoId, CancellationToken.None).ConfigureAwait(false);
        }
        else if (job.Step == JobStep.Probe)
        {
            await videos.MarkFailedAsync(job.VideoId, reason, CancellationToken.None).ConfigureAwait(false);
            await embeddings.UpdateAsync(job.VideoId, null, EmbeddingStatus.Failed, 0, $"The video cannot be used: {reason}", CancellationToken.None).ConfigureAwait(false);
            await pipeline.PublishVideoAsync(SageEventTypes.VideoUpdated, job.VideoId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task DeferAsync(Job job, IRetryLater later)
    {
        await jobs.DeferAsync(job.Id, later.RetryAt, CancellationToken.None).ConfigureAwait(false);
        if (job.Step == JobStep.Embed)
        {
            var until = later.RetryAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
            var note = $"Waiting for {later.WaitingFor} until {until} UTC; it runs again then.";
            await embeddings.WaitAsync(job.VideoId, job.Id, later.RetryAt, note, CancellationToken.None).ConfigureAwait(false);
            await pipeline.PublishEmbeddingAsync(job.VideoId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Renews the lease and saves progress; cancels the job when its lease is gone (cancelled elsewhere).</summary>
    private async Task HeartbeatAsync(Job job, LatestProgress progress, CancellationTokenSource jobCancellation, CancellationToken stop)
    {
        var renewEvery = options.Value.LeaseDuration / 3;
        var lastRenewal = DateTime.UtcNow;
        var savedProgress = job.Progress;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(ProgressInterval, stop).ConfigureAwait(false);
                if (progress.Value is { } value && Math.Abs(value - savedProgress) >= 0.001)
                {
                    savedProgress = value;
                    await jobs.SaveProgressAsync(job.Id, value, stop).ConfigureAwait(false);
                    if (job.Step == JobStep.Embed &&
                        await embeddings.UpdateAsync(job.VideoId, job.Id, EmbeddingStatus.Processing, value, null, stop).ConfigureAwait(false))
                    {
                        await pipeline.PublishEmbeddingAsync(job.VideoId, stop).ConfigureAwait(false);
                    }
                }

                if (DateTime.UtcNow - lastRenewal >= renewEvery)
                {
                    lastRenewal = DateTime.UtcNow;
                    if (!await jobs.RenewLeaseAsync(job.Id, stop).ConfigureAwait(false))
                    {
                        LogLeaseLost(job.Id, job.Step);
                        await jobCancellation.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The job ended.
        }
        catch (ObjectDisposedException)
        {
            // The job ended while we cancelled it.
        }
    }

    private static bool IsTransient(Exception exception) => exception switch
    {
        TwelveLabsException twelveLabs => twelveLabs.IsRetryable,
        HttpRequestException or IOException or TimeoutException or MediaToolTimeoutException or Microsoft.Data.Sqlite.SqliteException => true,
        _ => false,
    };

    private static string Describe(Exception exception) => exception switch
    {
        PermanentJobException or UnreadableMediaException or MediaToolException => exception.Message,
        _ when exception.GetType().Namespace?.StartsWith("Sage", StringComparison.Ordinal) == true => exception.Message,
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };

    /// <summary>The latest progress an engine reported; the heartbeat saves it at most twice a second.</summary>
    private sealed class LatestProgress : IProgress<double>
    {
        private double _value = double.NaN;

        public double? Value => double.IsNaN(Volatile.Read(ref _value)) ? null : Volatile.Read(ref _value);

        public void Report(double value) => Volatile.Write(ref _value, Math.Clamp(value, 0, 1));
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Job {JobId} ({Step}) started for video {VideoId}, attempt {Attempt}")]
    private partial void LogJobStarted(Guid jobId, string step, Guid videoId, long attempt);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Job {JobId} ({Step}) finished for video {VideoId}")]
    private partial void LogJobFinished(Guid jobId, string step, Guid videoId);

    [LoggerMessage(EventId = 602, Level = LogLevel.Information, Message = "Job {JobId} ({Step}) released at shutdown; it resumes at the next start")]
    private partial void LogJobReleased(Guid jobId, string step);

    [LoggerMessage(EventId = 603, Level = LogLevel.Information, Message = "Job {JobId} ({Step}) for video {VideoId} stopped: cancelled")]
    private partial void LogJobCancelled(Guid jobId, string step, Guid videoId);

    [LoggerMessage(EventId = 604, Level = LogLevel.Warning, Message = "Job {JobId} ({Step}) failed on attempt {Attempt}; it will be retried")]
    private partial void LogJobRetry(Guid jobId, string step, long attempt, Exception exception);

    [LoggerMessage(EventId = 605, Level = LogLevel.Error, Message = "Job {JobId} ({Step}) for video {VideoId} failed")]
    private partial void LogJobFailed(Guid jobId, string step, Guid videoId, Exception exception);

    [LoggerMessage(EventId = 606, Level = LogLevel.Warning, Message = "Job {JobId} ({Step}) lost its lease; stopping it")]
    private partial void LogLeaseLost(Guid jobId, string step);

    [LoggerMessage(EventId = 607, Level = LogLevel.Information, Message = "Result of job {JobId} for video {VideoId} discarded: the embedding was cancelled or replaced")]
    private partial void LogResultDiscarded(Guid jobId, Guid videoId);

    [LoggerMessage(EventId = 609, Level = LogLevel.Warning, Message = "Job {JobId} ({Step}) deferred until {RetryAt:O}: a quota resets then")]
    private partial void LogJobDeferred(Guid jobId, string step, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 608, Level = LogLevel.Information, Message = "Embedding of video {VideoId} ready: engine {Engine}, {Segments} segments in {Seconds:0.0} s")]
    private partial void LogEmbeddingReady(Guid videoId, string engine, int segments, double seconds);
}
