namespace Sage.Server.Uploads.Tus;

internal static partial class TusLog
{
    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "tus upload {UploadId} created for video {VideoId}: {FileName} ({ContentType}), length {UploadLength}, part size {PartSize}")]
    public static partial void Created(ILogger logger, Guid uploadId, Guid videoId, string fileName, string contentType, long? uploadLength, long partSize);

    [LoggerMessage(EventId = 901, Level = LogLevel.Debug, Message = "tus upload {UploadId}: PATCH at offset {Offset} now at {NewOffset} ({PendingBytes} bytes pending); body and parts took {PartsMilliseconds} ms")]
    public static partial void Patched(ILogger logger, Guid uploadId, long offset, long newOffset, long pendingBytes, long partsMilliseconds);

    [LoggerMessage(EventId = 902, Level = LogLevel.Information, Message = "tus upload {UploadId} completed as video {VideoId}: {Bytes} bytes, SHA-256 {HashSource} in {HashMilliseconds} ms")]
    public static partial void Completed(ILogger logger, Guid uploadId, Guid videoId, long bytes, string hashSource, long hashMilliseconds);

    [LoggerMessage(EventId = 903, Level = LogLevel.Information, Message = "tus upload {UploadId} terminated by the client")]
    public static partial void Terminated(ILogger logger, Guid uploadId);

    [LoggerMessage(EventId = 904, Level = LogLevel.Information, Message = "tus upload {UploadId} expired (idle since {UpdatedAt}); its stored parts were removed")]
    public static partial void Expired(ILogger logger, Guid uploadId, DateTimeOffset updatedAt);

    [LoggerMessage(EventId = 905, Level = LogLevel.Warning, Message = "tus upload {UploadId} failed: {Reason}")]
    public static partial void Failed(ILogger logger, Guid uploadId, string reason);

    [LoggerMessage(EventId = 906, Level = LogLevel.Information, Message = "tus upload {UploadId}: a PATCH took over from a request whose client had gone")]
    public static partial void TookOver(ILogger logger, Guid uploadId);

    [LoggerMessage(EventId = 907, Level = LogLevel.Warning, Message = "tus upload {UploadId}: could not remove its stored parts (multipart upload {MultipartUploadId})")]
    public static partial void RemoveFailed(ILogger logger, Exception exception, Guid uploadId, string? multipartUploadId);

    [LoggerMessage(EventId = 908, Level = LogLevel.Warning, Message = "tus expiry sweep failed")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 909, Level = LogLevel.Information, Message = "tus upload {UploadId}: PATCH at offset {Offset} ended early ({Reason}); the upload is at offset {NewOffset}")]
    public static partial void PatchInterrupted(ILogger logger, Guid uploadId, long offset, long newOffset, string reason);

    [LoggerMessage(EventId = 910, Level = LogLevel.Information, Message = "Forgot {Count} tus uploads that ended more than {Retention} ago")]
    public static partial void Purged(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(EventId = 911, Level = LogLevel.Warning, Message = "tus upload {UploadId}: its running SHA-256 failed; completion will read the object back to hash it")]
    public static partial void HashDropped(ILogger logger, Guid uploadId, Exception exception);
}
