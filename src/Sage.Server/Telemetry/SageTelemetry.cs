using System.Diagnostics;

namespace Sage.Server.Telemetry;

/// <summary>The names SAGE's meters and traces are published under; one home for them.</summary>
public static class SageTelemetry
{
    /// <summary>Every SAGE meter's name starts with this ("Sage.Uploads", "Sage.Jobs", ...).</summary>
    public const string MeterPrefix = "Sage";

    public const string ServiceName = "sage";

    /// <summary>The spans SAGE starts itself: a job, and the engine call inside it.</summary>
    public static readonly ActivitySource Source = new("Sage");
}
