namespace Sage.Embeddings.TwelveLabs;

/// <summary>
/// The TwelveLabs engine could not embed a video. The message is meant for the user.
/// <see cref="IsRetryable"/> tells a job runner whether trying the same job again can help.
/// </summary>
public class TwelveLabsException : Exception
{
    public TwelveLabsException()
    {
    }

    public TwelveLabsException(string message)
        : base(message)
    {
    }

    public TwelveLabsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the cause may go away by itself (network down, service overloaded).</summary>
    public virtual bool IsRetryable => false;
}
