using Sage.Server.Jobs;

namespace Sage.Server.Fingerprints;

/// <summary>The fingerprint row of one video.</summary>
/// <param name="JobId">The fingerprint job that owns the row; null when none does (ready from the local engine, or waiting for it).</param>
/// <param name="Version">The fingerprint version the object has (or will have).</param>
public sealed record FingerprintState(
    Guid VideoId,
    Guid? JobId,
    string Status,
    double Progress,
    string? Error,
    long Version,
    string? ObjectKey,
    long? ByteSize,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Ready at the version this server computes.</summary>
    public bool IsCurrent => Status == StepStatus.Ready && Version == Core.Fingerprints.VideoFingerprint.Version && ObjectKey is not null;
}

/// <summary>The fingerprint part of a video's JSON.</summary>
public sealed record FingerprintSummary(string Status, double Progress, string? Error)
{
    public static FingerprintSummary? From(string? status, double? progress, string? error) =>
        status is null ? null : new FingerprintSummary(status, Math.Round(progress ?? 0, 4), error);

    public static FingerprintSummary? From(FingerprintState? state) => From(state?.Status, state?.Progress, state?.Error);
}
