namespace Sage.Server.Sweep;

/// <summary>The sweep's log lines: one per orphan removed, one per removal that failed (tried again next pass).</summary>
internal static partial class SweepLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information,
        Message = "Swept orphan multipart upload {UploadId} for {Key} from {Provider} (last written {LastWritten:O})")]
    public static partial void AbortedUpload(ILogger logger, string uploadId, string key, string provider, DateTimeOffset lastWritten);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning,
        Message = "Could not abort orphan multipart upload {UploadId} for {Key}; the next sweep tries again")]
    public static partial void AbortFailed(ILogger logger, Exception exception, string uploadId, string key);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Swept the store's scratch file {Name}")]
    public static partial void DeletedScratchFile(ILogger logger, string name);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information,
        Message = "Swept {Kind} file {Path} of tus upload {UploadId}, which is no longer active (last written {LastWritten:O})")]
    public static partial void DeletedTusFile(ILogger logger, string kind, string path, Guid uploadId, DateTimeOffset lastWritten);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "Could not delete {Path}; the next sweep tries again")]
    public static partial void DeleteFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Error, Message = "The sweep of {Stage} failed; the next sweep tries again")]
    public static partial void StageFailed(ILogger logger, Exception exception, string stage);

    [LoggerMessage(EventId = 1407, Level = LogLevel.Error, Message = "A sweep failed; the next one tries again")]
    public static partial void PassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Debug, Message = "Sweep done: {Removed} orphans older than {MinAge} removed")]
    public static partial void Swept(ILogger logger, int removed, TimeSpan minAge);
}
