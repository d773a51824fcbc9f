namespace Sage.Media;

/// <summary>ffmpeg or ffprobe could not be started, failed, or ran too long.</summary>
public class MediaToolException : Exception
{
    public MediaToolException()
    {
    }

    public MediaToolException(string message)
        : base(message)
    {
    }

    public MediaToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MediaToolException(string toolName, int? exitCode, string errorTail, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ToolName = toolName;
        ExitCode = exitCode;
        ErrorTail = errorTail;
    }

    /// <summary>"ffmpeg" or "ffprobe".</summary>
    public string ToolName { get; } = "";

    /// <summary>The exit code, or null when the process did not exit by itself (not started, timed out).</summary>
    public int? ExitCode { get; }

    /// <summary>The last lines the tool wrote to stderr.</summary>
    public string ErrorTail { get; } = "";
}
