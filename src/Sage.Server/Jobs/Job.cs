namespace Sage.Server.Jobs;

/// <summary>One processing step of one video, as a row in the <c>jobs</c> table.</summary>
public sealed record Job(
    Guid Id,
    Guid VideoId,
    string Step,
    string Status,
    string? Engine,
    double? ClipLength,
    long Attempts,
    string? RemoteTaskId,
    double Progress,
    string? Error,
    string? TraceParent = null);

public static class JobStep
{
    public const string Probe = "probe";
    public const string Thumbnail = "thumbnail";
    public const string Embed = "embed";
    public const string Fingerprint = "fingerprint";
    public const string Proxy = "proxy";
}

public static class JobStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
