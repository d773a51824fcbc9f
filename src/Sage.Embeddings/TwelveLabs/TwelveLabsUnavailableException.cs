namespace Sage.Embeddings.TwelveLabs;

/// <summary>TwelveLabs could not be reached, or kept failing (network errors, 5xx, 429) after every retry.</summary>
public sealed class TwelveLabsUnavailableException : TwelveLabsException
{
    public const string DefaultMessage = "TwelveLabs could not be reached";

    public TwelveLabsUnavailableException()
        : base(DefaultMessage)
    {
    }

    public TwelveLabsUnavailableException(string message)
        : base(message)
    {
    }

    public TwelveLabsUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public override bool IsRetryable => true;
}
