namespace Sage.Embeddings.TwelveLabs;

/// <summary>Neither the settings nor the environment hold a TwelveLabs API key.</summary>
public sealed class TwelveLabsKeyMissingException : TwelveLabsException
{
    public const string DefaultMessage = "No TwelveLabs API key is configured";

    public TwelveLabsKeyMissingException()
        : base(DefaultMessage)
    {
    }

    public TwelveLabsKeyMissingException(string message)
        : base(message)
    {
    }

    public TwelveLabsKeyMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public override bool IsRetryable => false;
}
