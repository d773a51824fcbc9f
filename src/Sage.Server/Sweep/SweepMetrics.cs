using System.Diagnostics.Metrics;
using Sage.Server.Telemetry;

namespace Sage.Server.Sweep;

/// <summary>The sweep's meter: every orphan it removed, by kind.</summary>
public sealed class SweepMetrics
{
    public const string MeterName = SageTelemetry.MeterPrefix + ".Sweep";

    private readonly Counter<long> _removals;

    public SweepMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _removals = meter.CreateCounter<long>("sage.sweep.removals", "{removal}", "Orphans the sweep removed, by kind (multipart_upload, scratch_file, tus_pending, tus_chunk).");
    }

    public void Removed(string kind) => _removals.Add(1, new KeyValuePair<string, object?>("sage.sweep.kind", kind));
}
