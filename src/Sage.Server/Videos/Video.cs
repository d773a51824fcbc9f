using System.Text.Json;
using Sage.Media;

namespace Sage.Server.Videos;

/// <summary>A stored video, as the database holds it.</summary>
public sealed record Video(
    Guid Id,
    string FileName,
    string ContentType,
    long Size,
    string Sha256,
    string StorageKey,
    DateTimeOffset CreatedAt,
    string Status,
    string? Error,
    string? ProbeJson = null,
    string? ThumbnailKey = null,
    string? FingerprintStatus = null,
    double? FingerprintProgress = null,
    string? FingerprintError = null,
    string? ProxyStatus = null,
    double? ProxyProgress = null,
    string? ProxyError = null,
    string? ProxyReason = null,
    string? ProxyKey = null,
    long? ProxySize = null,
    string? OwnerTokenId = null)
{
    /// <summary>The ready proxy's key and size, else null (the original is played).</summary>
    public (string Key, long Size)? ReadyProxy => ProxyStatus == Jobs.StepStatus.Ready && ProxyKey is not null && ProxySize is { } size ? (ProxyKey, size) : null;

    public VideoProbe? Probe => ProbeJson is null ? null : JsonSerializer.Deserialize<VideoProbe>(ProbeJson, ProbeJsonOptions);

    internal static readonly JsonSerializerOptions ProbeJsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>The life of a video record. Embedding has a status of its own.</summary>
public static class VideoStatus
{
    /// <summary>Stored; nothing has read it yet.</summary>
    public const string Uploaded = "uploaded";
    /// <summary>Probed and usable.</summary>
    public const string Ready = "ready";
    /// <summary>Stored, but not a usable video; <see cref="Video.Error"/> says why.</summary>
    public const string Failed = "failed";
}
