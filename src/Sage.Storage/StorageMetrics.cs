using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sage.Storage;

/// <summary>The store's meters: every call's latency by operation, provider and outcome; part retries and aborts.</summary>
public sealed class StorageMetrics
{
    public const string MeterName = "Sage.Storage";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _aborts;

    public StorageMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _duration = meter.CreateHistogram<double>("sage.storage.duration", "s", "One call to the object store, by operation, provider and outcome.");
        _retries = meter.CreateCounter<long>("sage.storage.retries", "{retry}", "Part uploads tried again after a transient failure, by provider.");
        _aborts = meter.CreateCounter<long>("sage.storage.aborts", "{abort}", "Multipart uploads aborted, by provider and outcome.");
    }

    public void Called(string operation, string provider, string outcome, TimeSpan elapsed) =>
        _duration.Record(elapsed.TotalSeconds, new TagList { { "sage.storage.operation", operation }, { "sage.storage.provider", provider }, { "sage.storage.outcome", outcome } });

    public void Retried(string provider) => _retries.Add(1, new KeyValuePair<string, object?>("sage.storage.provider", provider));

    public void Aborted(string provider, bool succeeded) =>
        _aborts.Add(1, new KeyValuePair<string, object?>("sage.storage.provider", provider), new KeyValuePair<string, object?>("sage.storage.outcome", succeeded ? "ok" : "error"));
}
