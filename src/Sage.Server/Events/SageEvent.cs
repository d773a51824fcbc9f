using System.Text.Json;

namespace Sage.Server.Events;

/// <summary>One change the UI wants to hear about: an upload's progress, a job's progress, a new or deleted video.</summary>
/// <param name="Id">Increasing within one server process; used as the SSE id for Last-Event-ID replay.</param>
/// <param name="Type">e.g. <c>video.created</c>, <c>video.updated</c>, <c>video.deleted</c>, <c>embedding.updated</c>, <c>upload.progress</c>.</param>
/// <param name="Data">The JSON payload, already serialised.</param>
public sealed record SageEvent(long Id, string Type, string Data);

public static class SageEventTypes
{
    public const string VideoCreated = "video.created";
    public const string VideoUpdated = "video.updated";
    public const string VideoDeleted = "video.deleted";
    public const string EmbeddingUpdated = "embedding.updated";
    public const string FingerprintUpdated = "fingerprint.updated";
    public const string ProxyUpdated = "proxy.updated";
    public const string UploadCreated = "upload.created";
    public const string UploadProgress = "upload.progress";
    public const string UploadCompleted = "upload.completed";
    public const string UploadFailed = "upload.failed";
    public const string UploadTerminated = "upload.terminated";

    /// <summary>Sent when a client asks to replay from an id that is no longer buffered: it should refetch its state.</summary>
    public const string Reset = "reset";
}

internal static class SageEventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
