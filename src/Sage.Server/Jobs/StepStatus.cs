namespace Sage.Server.Jobs;

/// <summary>
/// The life of a step's result that a video keeps (its embedding, its fingerprint): pending (queued, or waiting for
/// another step), processing, ready, failed (with a reason) or cancelled. <c>cancelled</c> is final: no late result
/// can overwrite it.
/// </summary>
public static class StepStatus
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Ready = "ready";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsActive(string status) => status is Pending or Processing;
}
