namespace Sage.Embeddings;

/// <summary>An engine could not embed a video, for a reason worth showing to the user.</summary>
public sealed class EmbeddingException : Exception
{
    public EmbeddingException()
    {
    }

    public EmbeddingException(string message)
        : base(message)
    {
    }

    public EmbeddingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
