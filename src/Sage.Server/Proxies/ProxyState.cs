using Sage.Server.Jobs;

namespace Sage.Server.Proxies;

/// <summary>The proxy row of one video (<see cref="StepStatus"/> for its life).</summary>
/// <param name="Reason">Why the video needs a proxy (what does not play), or "always" when the mode asks for every video.</param>
public sealed record ProxyState(
    Guid VideoId,
    Guid? JobId,
    string Status,
    double Progress,
    string? Error,
    string? Reason,
    string? ObjectKey,
    long? ByteSize,
    DateTimeOffset UpdatedAt);

/// <summary>The proxy part of a video's JSON; null when the video needs none.</summary>
public sealed record ProxySummary(string Status, double Progress, string? Error, string? Reason)
{
    public static ProxySummary? From(string? status, double? progress, string? error, string? reason) =>
        status is null ? null : new ProxySummary(status, Math.Round(progress ?? 0, 4), error, reason);

    public static ProxySummary? From(ProxyState? state) => From(state?.Status, state?.Progress, state?.Error, state?.Reason);
}
