using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sage.Server.Telemetry;

namespace Sage.Server.Jobs;

/// <summary>
/// The job queue's meters: how long each job ran and how it ended (per step and engine), the embedding's duration per
/// engine, and the queue's depth (sampled by <see cref="JobQueueDepthSampler"/>).
/// </summary>
public sealed class JobMetrics
{
    public const string MeterName = SageTelemetry.MeterPrefix + ".Jobs";

    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _embedding;
    private volatile IReadOnlyList<JobQueue.Depth> _depth = [];

    public JobMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        var seconds = new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] };
        _duration = meter.CreateHistogram("sage.job.duration", "s", "One run of a job, by step, engine and outcome.", tags: null, seconds);
        _embedding = meter.CreateHistogram("sage.embedding.duration", "s", "One embedding run, by engine and outcome.", tags: null, seconds);
        meter.CreateObservableGauge("sage.job.queue.depth", ObserveDepth, "{job}", "Jobs waiting or running, by step and status.");
    }

    public void Ran(Job job, string outcome, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(job);
        var tags = new TagList
        {
            { "sage.job.step", job.Step },
            { "sage.engine", job.Engine ?? "none" },
            { "sage.job.outcome", outcome },
        };
        _duration.Record(elapsed.TotalSeconds, tags);
        if (job.Step == JobStep.Embed)
        {
            _embedding.Record(elapsed.TotalSeconds, new TagList { { "sage.engine", job.Engine ?? "none" }, { "sage.job.outcome", outcome } });
        }
    }

    public void SetDepth(IReadOnlyList<JobQueue.Depth> depth) => _depth = depth;

    private IEnumerable<Measurement<long>> ObserveDepth() =>
        _depth.Select(d => new Measurement<long>(d.Count, new KeyValuePair<string, object?>("sage.job.step", d.Step), new KeyValuePair<string, object?>("sage.job.status", d.Status)));
}

/// <summary>The <c>sage.job.outcome</c> tag.</summary>
public static class JobOutcome
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Retried = "retried";
    public const string Cancelled = "cancelled";
    public const string Deferred = "deferred";
    public const string Released = "released";
}

/// <summary>Counts the queue every few seconds, so a scrape never waits on the database.</summary>
public sealed partial class JobQueueDepthSampler(JobQueue jobs, JobMetrics metrics, ILogger<JobQueueDepthSampler> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                metrics.SetDepth(await jobs.CountOpenAsync(stoppingToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSampleFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 710, Level = LogLevel.Warning, Message = "Could not count the job queue for its metric")]
    private partial void LogSampleFailed(Exception exception);
}
