using Microsoft.Extensions.Logging;

namespace Sage.Storage;

/// <summary>The uploader's log lines, worded after the original SAGE's.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Starting streaming {Provider} upload for {FileName} to {Key} (part size {PartSize} bytes, declared length {DeclaredLength})")]
    public static partial void UploadStarted(ILogger logger, string provider, string fileName, string key, long partSize, long? declaredLength);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Uploading part {PartNumber} for {FileName} ({Bytes} bytes)")]
    public static partial void UploadingPart(ILogger logger, int partNumber, string fileName, int bytes);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "File uploaded to {Provider}: {Key} ({Bytes} bytes in {Parts} parts, {DurationMs} ms, {MegabytesPerSecond} MB/s)")]
    public static partial void UploadCompleted(ILogger logger, string provider, string key, long bytes, int parts, long durationMs, double megabytesPerSecond);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning,
        Message = "Part {PartNumber} of {Key} failed on attempt {Attempt} of {MaxAttempts}; retrying in {DelayMs} ms")]
    public static partial void RetryingPart(ILogger logger, Exception exception, int partNumber, string key, int attempt, int maxAttempts, long delayMs);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "Failed to upload {FileName} to {Key}; aborting multipart upload {UploadId}")]
    public static partial void UploadFailed(ILogger logger, Exception exception, string fileName, string key, string uploadId);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Upload of {FileName} to {Key} was cancelled; aborting multipart upload {UploadId}")]
    public static partial void UploadCancelled(ILogger logger, string fileName, string key, string uploadId);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "Could not abort multipart upload {UploadId} for {Key}; it stays open until the sweep finds it")]
    public static partial void AbortFailed(ILogger logger, Exception exception, string key, string uploadId);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Upload of {FileName} to {Key} was empty; aborted multipart upload {UploadId}")]
    public static partial void UploadEmpty(ILogger logger, string fileName, string key, string uploadId);
}
