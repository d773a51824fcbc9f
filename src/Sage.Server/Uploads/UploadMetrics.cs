using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sage.Server.Telemetry;

namespace Sage.Server.Uploads;

/// <summary>The upload routes' meters: bytes received, whole uploads with their size, duration, parts and outcome.</summary>
public sealed class UploadMetrics
{
    public const string MeterName = SageTelemetry.MeterPrefix + ".Uploads";

    private readonly Counter<long> _bytes;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _uploads;
    private readonly Histogram<double> _duration;
    private readonly Histogram<long> _size;
    private readonly Histogram<long> _parts;

    public UploadMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _bytes = meter.CreateCounter<long>("sage.upload.received", "By", "Video bytes received, by route and store.");
        _requests = meter.CreateCounter<long>("sage.upload.requests", "{request}", "Upload requests (a form post, a tus POST or PATCH), by route, store and outcome.");
        _uploads = meter.CreateCounter<long>("sage.uploads", "{upload}", "Uploads that ended, by route, store and outcome.");
        _duration = meter.CreateHistogram("sage.upload.duration", "s", "From an upload's first byte (a tus creation) to its stored video.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200] });
        _size = meter.CreateHistogram("sage.upload.size", "By", "Size of each stored video.", tags: null,
            new InstrumentAdvice<long> { HistogramBucketBoundaries = [1L << 20, 16L << 20, 64L << 20, 256L << 20, 1L << 30, 4L << 30, 16L << 30, 64L << 30] });
        _parts = meter.CreateHistogram("sage.upload.parts", "{part}", "Multipart parts each stored video was written in.", tags: null,
            new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 5, 10, 50, 100, 500, 1000, 10000] });
    }

    /// <summary>One request's bytes (a whole form, or one tus PATCH) and how it ended.</summary>
    public void Request(string route, string store, long bytes, string outcome)
    {
        var tags = Tags(route, store, outcome);
        _requests.Add(1, tags);
        if (bytes > 0)
        {
            _bytes.Add(bytes, new KeyValuePair<string, object?>("sage.upload.route", route), new KeyValuePair<string, object?>("sage.storage.provider", store));
        }
    }

    /// <summary>A video stored: its size, parts and the time from first byte to record.</summary>
    public void Completed(string route, string store, long size, long parts, TimeSpan duration)
    {
        var tags = Tags(route, store, UploadOutcome.Completed);
        _uploads.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
        _size.Record(size, tags);
        _parts.Record(parts, tags);
    }

    /// <summary>An upload that ended without a video (refused, terminated, expired or broken).</summary>
    public void Ended(string route, string store, string outcome, TimeSpan duration)
    {
        var tags = Tags(route, store, outcome);
        _uploads.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    private static TagList Tags(string route, string store, string outcome) => new()
    {
        { "sage.upload.route", route },
        { "sage.storage.provider", store },
        { "sage.upload.outcome", outcome },
    };
}

/// <summary>The <c>sage.upload.route</c> tag.</summary>
public static class UploadRoute
{
    public const string Form = "form";
    public const string Tus = "tus";
}

/// <summary>The <c>sage.upload.outcome</c> tag.</summary>
public static class UploadOutcome
{
    public const string Completed = "completed";
    public const string Accepted = "accepted";
    /// <summary>The client's fault: not a video, too large, malformed, a protocol error.</summary>
    public const string Rejected = "rejected";
    /// <summary>The client went away mid-body.</summary>
    public const string Aborted = "aborted";
    /// <summary>The server's or the store's fault.</summary>
    public const string Failed = "failed";
    public const string Terminated = "terminated";
}
