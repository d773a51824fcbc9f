namespace Sage.Embeddings.TwelveLabs;

/// <summary>The task did not finish within the configured overall timeout (Sage:TwelveLabs:Timeout).</summary>
public sealed class TwelveLabsTimeoutException : TwelveLabsException
{
    public const string DefaultMessage = "TwelveLabs did not finish embedding the video in time";

    public TwelveLabsTimeoutException()
        : base(DefaultMessage)
    {
    }

    public TwelveLabsTimeoutException(string message)
        : base(message)
    {
    }

    public TwelveLabsTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The remote task's id.</summary>
    public string? TaskId { get; init; }

    public override bool IsRetryable => false;
}
