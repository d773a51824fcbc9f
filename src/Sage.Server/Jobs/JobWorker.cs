using Microsoft.Extensions.Options;
using Sage.Embeddings;

namespace Sage.Server.Jobs;

/// <summary>
/// The background worker. Each lane claims jobs of its kind up to its concurrency: one lane for
/// probes and thumbnails, one for fingerprints, one per embedding engine (the local engine runs one job at a time by
/// default, TwelveLabs several, since those mostly wait).
/// </summary>
public sealed partial class JobWorker(
    JobQueue queue,
    JobRunner runner,
    JobSignal signal,
    EmbeddingEngines engines,
    IOptions<JobOptions> options,
    ILogger<JobWorker> logger) : BackgroundService
{
    private static readonly string[] MediaSteps = [JobStep.Probe, JobStep.Thumbnail];
    private static readonly string[] EmbedSteps = [JobStep.Embed];
    private static readonly string[] FingerprintSteps = [JobStep.Fingerprint];
    private static readonly string[] ProxySteps = [JobStep.Proxy];

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lanes = new List<Task>
        {
            RunLaneAsync("media", MediaSteps, engine: null, options.Value.MediaConcurrency, stoppingToken),
            // A lane of its own: a whole decode must not hold up the probes and thumbnails of new uploads.
            RunLaneAsync("fingerprint", FingerprintSteps, engine: null, options.Value.FingerprintConcurrency, stoppingToken),
            // Likewise a transcode: a long encode must not hold up probes, thumbnails or fingerprints.
            RunLaneAsync("proxy", ProxySteps, engine: null, options.Value.ProxyConcurrency, stoppingToken),
        };
        foreach (var engine in engines.Names)
        {
            var concurrency = options.Value.EngineConcurrency.TryGetValue(engine, out var configured) ? configured : 1;
            lanes.Add(RunLaneAsync($"embed:{engine}", EmbedSteps, engine, Math.Max(1, concurrency), stoppingToken));
        }

        return Task.WhenAll(lanes);
    }

    private async Task RunLaneAsync(string lane, IReadOnlyList<string> steps, string? engine, int concurrency, CancellationToken stoppingToken)
    {
        // Let the host finish starting before the first claim.
        await Task.Yield();
        LogLaneStarted(lane, concurrency);
        using var slots = new SemaphoreSlim(concurrency, concurrency);
        var active = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                Job? job;
                try
                {
                    job = await queue.ClaimAsync(steps, engine, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogClaimFailed(lane, ex);
                    job = null;
                }

                if (job is null)
                {
                    slots.Release();
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                active.RemoveAll(t => t.IsCompleted);
                active.Add(RunAndReleaseAsync(job, slots, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        // Running jobs see the stopping token, hand themselves back, and end.
        await Task.WhenAll(active).ConfigureAwait(false);
    }

    private async Task RunAndReleaseAsync(Job job, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield();
            await runner.RunAsync(job, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogRunCrashed(job.Id, ex);
        }
        finally
        {
            slots.Release();
            signal.Notify();
        }
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Job lane {Lane} started with {Concurrency} slot(s)")]
    private partial void LogLaneStarted(string lane, int concurrency);

    [LoggerMessage(EventId = 701, Level = LogLevel.Error, Message = "Job lane {Lane} could not claim work")]
    private partial void LogClaimFailed(string lane, Exception exception);

    [LoggerMessage(EventId = 702, Level = LogLevel.Error, Message = "Job {JobId} crashed its runner")]
    private partial void LogRunCrashed(Guid jobId, Exception exception);
}
