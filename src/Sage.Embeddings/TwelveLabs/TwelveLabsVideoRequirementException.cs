namespace Sage.Embeddings.TwelveLabs;

/// <summary>The video breaks one of TwelveLabs' documented requirements; checked before anything is sent.</summary>
public sealed class TwelveLabsVideoRequirementException : TwelveLabsException
{
    public const string DefaultMessage = "The video does not meet TwelveLabs' requirements";

    public TwelveLabsVideoRequirementException()
        : base(DefaultMessage)
    {
    }

    public TwelveLabsVideoRequirementException(string message)
        : base(message)
    {
    }

    public TwelveLabsVideoRequirementException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The rule the video breaks.</summary>
    public TwelveLabsVideoRule Rule { get; init; }

    public override bool IsRetryable => false;
}
