namespace Sage.Embeddings.TwelveLabs;

/// <summary>TwelveLabs reported the embedding task as failed; the message is TwelveLabs' own when it gave one.</summary>
public sealed class TwelveLabsTaskFailedException : TwelveLabsException
{
    public const string DefaultMessage = "TwelveLabs could not embed the video";

    public TwelveLabsTaskFailedException()
        : base(DefaultMessage)
    {
    }

    public TwelveLabsTaskFailedException(string message)
        : base(message)
    {
    }

    public TwelveLabsTaskFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The remote task's id.</summary>
    public string? TaskId { get; init; }

    public override bool IsRetryable => false;
}
