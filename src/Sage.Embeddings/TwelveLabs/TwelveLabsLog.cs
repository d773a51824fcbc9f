using System.Net;
using Microsoft.Extensions.Logging;

namespace Sage.Embeddings.TwelveLabs;

/// <summary>Source-generated log messages of the TwelveLabs engine (event ids 2400-2449). The API key is never logged.</summary>
internal static partial class TwelveLabsLog
{
    [LoggerMessage(EventId = 2400, Level = LogLevel.Information, Message = "TwelveLabs task {TaskId} created ({Api}, {Model}, {ClipLength} s clips) for {Input}")]
    public static partial void TaskCreated(ILogger logger, string taskId, TwelveLabsApi api, string model, double clipLength, string input);

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Resuming TwelveLabs task {TaskId} for {Input}")]
    public static partial void TaskResumed(ILogger logger, string taskId, string input);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Warning, Message = "TwelveLabs task {TaskId} no longer exists (expired or unknown); creating a new one")]
    public static partial void ResumedTaskMissing(ILogger logger, string taskId);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Debug, Message = "TwelveLabs task {TaskId} is {Status} (poll {Poll})")]
    public static partial void TaskPolled(ILogger logger, string taskId, string status, int poll);

    [LoggerMessage(EventId = 2404, Level = LogLevel.Information, Message = "TwelveLabs task {TaskId} ready: {SegmentCount} segments of {Dimension} dimensions in {ElapsedSeconds:F1} s")]
    public static partial void TaskReady(ILogger logger, string taskId, int segmentCount, int dimension, double elapsedSeconds);

    [LoggerMessage(EventId = 2405, Level = LogLevel.Warning, Message = "TwelveLabs task {TaskId} failed: {Reason}")]
    public static partial void TaskFailed(ILogger logger, string taskId, string reason);

    [LoggerMessage(EventId = 2406, Level = LogLevel.Warning, Message = "TwelveLabs {Operation} answered {Status}; retry {Retry} in {DelaySeconds:F2} s")]
    public static partial void RetryingStatus(ILogger logger, string operation, HttpStatusCode status, int retry, double delaySeconds);

    [LoggerMessage(EventId = 2407, Level = LogLevel.Warning, Message = "TwelveLabs {Operation} failed ({Error}); retry {Retry} in {DelaySeconds:F2} s")]
    public static partial void RetryingNetwork(ILogger logger, string operation, string error, int retry, double delaySeconds);

    [LoggerMessage(EventId = 2408, Level = LogLevel.Warning, Message = "TwelveLabs rejected the API key (401) on {Operation}")]
    public static partial void KeyRejected(ILogger logger, string operation);

    [LoggerMessage(EventId = 2409, Level = LogLevel.Information, Message = "Stopped polling TwelveLabs task {TaskId}: cancelled (TwelveLabs has no cancel endpoint; the remote task runs to its end)")]
    public static partial void PollingCancelled(ILogger logger, string taskId);

    [LoggerMessage(EventId = 2411, Level = LogLevel.Warning, Message = "TwelveLabs {Operation} is rate-limited until {ResetAt:O}; deferring instead of retrying")]
    public static partial void RateLimitedUntil(ILogger logger, string operation, DateTimeOffset resetAt);

    [LoggerMessage(EventId = 2410, Level = LogLevel.Warning, Message = "TwelveLabs returned {Count} segments with an unknown scope '{Scope}'; ignored")]
    public static partial void UnknownScope(ILogger logger, int count, string scope);
}
