namespace Sage.Embeddings.TwelveLabs;

/// <summary>TwelveLabs answered, but the embeddings cannot be used (incomplete coverage, inconsistent vectors).</summary>
public sealed class TwelveLabsResultException : TwelveLabsException
{
    public const string DefaultMessage = "TwelveLabs returned unusable embeddings";

    public TwelveLabsResultException()
        : base(DefaultMessage)
    {
    }

    public TwelveLabsResultException(string message)
        : base(message)
    {
    }

    public TwelveLabsResultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public override bool IsRetryable => false;
}
