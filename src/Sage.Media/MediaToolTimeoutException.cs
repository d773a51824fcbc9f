namespace Sage.Media;

/// <summary>The tool ran longer than its time limit and was killed.</summary>
public sealed class MediaToolTimeoutException : MediaToolException
{
    public MediaToolTimeoutException()
    {
    }

    public MediaToolTimeoutException(string message)
        : base(message)
    {
    }

    public MediaToolTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MediaToolTimeoutException(string toolName, TimeSpan timeout, string errorTail)
        : base(toolName, null, errorTail, FormatMessage(toolName, timeout, errorTail))
    {
        Timeout = timeout;
    }

    public TimeSpan Timeout { get; }

    private static string FormatMessage(string toolName, TimeSpan timeout, string errorTail) =>
        errorTail.Length == 0
            ? $"{toolName} timed out after {timeout.TotalSeconds:0.#} s and was killed"
            : $"{toolName} timed out after {timeout.TotalSeconds:0.#} s and was killed: {errorTail}";
}
