using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sage.Server.Telemetry;

namespace Sage.Server.Comparisons;

/// <summary>How long comparisons take (loading both sides, aligning, refining), by mode and outcome.</summary>
public sealed class ComparisonMetrics
{
    public const string MeterName = SageTelemetry.MeterPrefix + ".Comparisons";

    private readonly Histogram<double> _duration;

    public ComparisonMetrics(IMeterFactory meters)
    {
        _duration = meters.Create(MeterName)
            .CreateHistogram<double>("sage.comparison.duration", "s", "One comparison of two videos, by mode and outcome.");
    }

    public void Compared(string mode, string outcome, TimeSpan elapsed) =>
        _duration.Record(elapsed.TotalSeconds, new TagList { { "sage.comparison.mode", mode }, { "sage.comparison.outcome", outcome } });
}
