namespace Sage.Server.Tests.Telemetry;

/// <summary>
/// Tests that read counters run alone: the OpenTelemetry SDK listens to meters by name across the process, so an
/// upload by a test running beside them would be counted too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics (run alone)";
}
