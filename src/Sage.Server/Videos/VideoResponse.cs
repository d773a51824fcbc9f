using Sage.Media;
using Sage.Server.Fingerprints;

namespace Sage.Server.Videos;

/// <summary>The embedding part of a video's JSON.</summary>
/// <param name="WaitingUntil">While a pending embedding waits for an engine's quota: when it runs again.</param>
public sealed record EmbeddingSummary(string Status, string? Engine, string? Model, double Progress, string? Error, int? Dimension, double? ClipLength, string? Notes, DateTimeOffset? WaitingUntil = null)
{
    public static EmbeddingSummary? From(EmbeddingState? state) => state is null
        ? null
        : new EmbeddingSummary(state.Status, state.Engine, state.Model, Math.Round(state.Progress, 4), state.Error, (int?)state.Dimension, state.ClipLength, state.Notes, state.WaitingUntil);
}

/// <summary>The JSON shape of a video in the API.</summary>
public sealed record VideoResponse(
    Guid Id,
    string FileName,
    long Size,
    string ContentType,
    string Sha256,
    string StorageKey,
    DateTimeOffset CreatedAt,
    string Status,
    string? Error,
    string ContentUrl,
    string? ThumbnailUrl,
    VideoProbe? Probe,
    EmbeddingSummary? Embedding,
    FingerprintSummary? Fingerprint,
    string PlaybackUrl,
    Proxies.ProxySummary? Proxy)
{
    public static VideoResponse From(Video video, EmbeddingState? embedding = null) => new(
        video.Id,
        video.FileName,
        video.Size,
        video.ContentType,
        video.Sha256,
        video.StorageKey,
        video.CreatedAt,
        video.Status,
        video.Error,
        $"/api/videos/{video.Id}/content",
        video.ThumbnailKey is null ? null : $"/api/videos/{video.Id}/thumbnail",
        video.Probe,
        EmbeddingSummary.From(embedding),
        FingerprintSummary.From(video.FingerprintStatus, video.FingerprintProgress, video.FingerprintError),
        $"/api/videos/{video.Id}/playback",
        Proxies.ProxySummary.From(video.ProxyStatus, video.ProxyProgress, video.ProxyError, video.ProxyReason));
}
