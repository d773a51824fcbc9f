namespace Sage.Embeddings.TwelveLabs;

/// <summary>TwelveLabs answered 401: the key is wrong, revoked or expired. Retrying cannot help.</summary>
public sealed class TwelveLabsKeyInvalidException : TwelveLabsException
{
    public const string DefaultMessage = "TwelveLabs API key is invalid or expired";

    public TwelveLabsKeyInvalidException()
        : base(DefaultMessage)
    {
    }

    public TwelveLabsKeyInvalidException(string message)
        : base(message)
    {
    }

    public TwelveLabsKeyInvalidException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public override bool IsRetryable => false;
}
