using System.Diagnostics;
using Microsoft.Extensions.Options;
using Sage.Server.Telemetry;
using Sage.Embeddings;
using Sage.Embeddings.TwelveLabs;
using Sage.Media;

namespace Sage.Server.Jobs;

/// <summary>A failure that trying again cannot fix (unreadable video, invalid key, rule broken).</summary>
public sealed class PermanentJobException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Runs one claimed job with its <see cref="IJobStep"/>. While it runs, the lease is renewed and progress saved twice
/// a second; a job that loses its lease or is cancelled stops, and its result is discarded rather than written.
/// Transient failures are retried up to <see cref="JobOptions.MaxAttempts"/>; other failures fail the job with a reason.
/// </summary>
public sealed partial class JobRunner(
    JobQueue jobs,
    IEnumerable<IJobStep> steps,
    RunningJobs running,
    JobSignal signal,
    JobMetrics metrics,
    IOptions<JobOptions> options,
    ILogger<JobRunner> logger)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<string, IJobStep> _steps = steps.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public async Task RunAsync(Job job, CancellationToken stopping)
    {
        using var jobCancellation = running.Start(job.Id, stopping);
        var progress = new LatestProgress();
        var step = _steps.GetValueOrDefault(job.Step);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(job, step, progress, jobCancellation, heartbeatStop.Token);
        LogJobStarted(job.Id, job.Step, job.VideoId, job.Attempts);
        using var activity = SageTelemetry.Source.StartActivity($"job {job.Step}", ActivityKind.Internal, ParentOf(job));
        activity?.SetTag("sage.job.id", job.Id);
        activity?.SetTag("sage.job.step", job.Step);
        activity?.SetTag("sage.video.id", job.VideoId);
        activity?.SetTag("sage.engine", job.Engine);
        var started = Stopwatch.GetTimestamp();
        var outcome = JobOutcome.Succeeded;
        try
        {
            if (step is null)
            {
                throw new PermanentJobException($"Unknown job step '{job.Step}'.");
            }

            if (job.Attempts > options.Value.MaxAttempts)
            {
                throw new PermanentJobException($"The {job.Step} step was interrupted {job.Attempts - 1} times; giving up.");
            }

            await step.RunAsync(job, progress, jobCancellation.Token).ConfigureAwait(false);
            LogJobFinished(job.Id, job.Step, job.VideoId);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: hand the job back so the next start resumes it at once.
            outcome = JobOutcome.Released;
            await jobs.ReleaseAsync(job.Id, CancellationToken.None).ConfigureAwait(false);
            LogJobReleased(job.Id, job.Step);
        }
        catch (OperationCanceledException) when (jobCancellation.IsCancellationRequested)
        {
            // Cancelled by a request (the row already says so) or the lease was lost.
            outcome = JobOutcome.Cancelled;
            LogJobCancelled(job.Id, job.Step, job.VideoId);
        }
        catch (Exception ex) when (ex is IRetryLater { RetryAt: { } retryAt } later)
        {
            // A quota that resets at a known time: wait for it without spending an attempt.
            outcome = JobOutcome.Deferred;
            LogJobDeferred(job.Id, job.Step, retryAt);
            await jobs.DeferAsync(job.Id, retryAt, CancellationToken.None).ConfigureAwait(false);
            if (step is not null)
            {
                await step.DeferAsync(job, retryAt, later.WaitingFor, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsTransient(ex) && job.Attempts < options.Value.MaxAttempts)
        {
            outcome = JobOutcome.Retried;
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            LogJobRetry(job.Id, job.Step, job.Attempts, ex);
            await jobs.ReleaseAsync(job.Id, CancellationToken.None, countAttempt: true).ConfigureAwait(false);
            signal.Notify();
        }
        catch (Exception ex)
        {
            outcome = JobOutcome.Failed;
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            LogJobFailed(job.Id, job.Step, job.VideoId, ex);
            var reason = Describe(ex);
            await jobs.FinishAsync(job.Id, JobStatus.Failed, reason, CancellationToken.None).ConfigureAwait(false);
            if (step is not null)
            {
                await step.FailAsync(job, reason, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            metrics.Ran(job, outcome, Stopwatch.GetElapsedTime(started));
            activity?.SetTag("sage.job.outcome", outcome);
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            running.Finish(job.Id);
        }
    }

    /// <summary>Renews the lease and saves progress; cancels the job when its lease is gone (cancelled elsewhere).</summary>
    private async Task HeartbeatAsync(Job job, IJobStep? step, LatestProgress progress, CancellationTokenSource jobCancellation, CancellationToken stop)
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
                    if (step is not null)
                    {
                        await step.SaveProgressAsync(job, value, stop).ConfigureAwait(false);
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

    /// <summary>The trace of the request (or job) that queued this job, so a trace follows an upload through its jobs.</summary>
    private static ActivityContext ParentOf(Job job) =>
        job.TraceParent is { } traceParent && ActivityContext.TryParse(traceParent, null, out var parent) ? parent : default;

    private static bool IsTransient(Exception exception) => exception switch
    {
        TwelveLabsException twelveLabs => twelveLabs.IsRetryable,
        HttpRequestException or IOException or TimeoutException or MediaToolTimeoutException or Microsoft.Data.Sqlite.SqliteException => true,
        _ => false,
    };

    private static string Describe(Exception exception) => FailureText.Redact(exception switch
    {
        PermanentJobException or UnreadableMediaException or MediaToolException => exception.Message,
        _ when exception.GetType().Namespace?.StartsWith("Sage", StringComparison.Ordinal) == true => exception.Message,
        _ => $"{exception.GetType().Name}: {exception.Message}",
    });

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

    [LoggerMessage(EventId = 609, Level = LogLevel.Warning, Message = "Job {JobId} ({Step}) deferred until {RetryAt:O}: a quota resets then")]
    private partial void LogJobDeferred(Guid jobId, string step, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 606, Level = LogLevel.Warning, Message = "Job {JobId} ({Step}) lost its lease; stopping it")]
    private partial void LogLeaseLost(Guid jobId, string step);
}
