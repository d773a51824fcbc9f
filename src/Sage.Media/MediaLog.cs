using Microsoft.Extensions.Logging;

namespace Sage.Media;

/// <summary>Source-generated log messages of the media layer (event ids 2100-2199).</summary>
internal static partial class MediaLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "Starting {Tool} {Arguments}")]
    public static partial void ToolStarting(ILogger logger, string tool, ToolArguments arguments);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "{Tool} timed out after {TimeoutSeconds} s; killed its process tree")]
    public static partial void ToolTimedOut(ILogger logger, string tool, double timeoutSeconds);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "{Tool} was cancelled; killed its process tree")]
    public static partial void ToolCancelled(ILogger logger, string tool);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "{Tool} exited with code {ExitCode}: {ErrorTail}")]
    public static partial void ToolFailed(ILogger logger, string tool, int exitCode, string errorTail);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "Found {Tool} version {Version} at {Path}")]
    public static partial void ToolVersionFound(ILogger logger, string tool, MediaToolVersion version, string path);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Warning, Message = "Could not parse the {Tool} version from '{FirstLine}'; continuing")]
    public static partial void ToolVersionUnparsed(ILogger logger, string tool, string firstLine);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Critical, Message = "Media tool check failed: {Reason}")]
    public static partial void ToolCheckFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2120, Level = LogLevel.Debug, Message = "{Input} has no audio stream; yielding no audio")]
    public static partial void NoAudioStream(ILogger logger, ToolArguments input);
}
