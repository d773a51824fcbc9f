namespace Sage.Core.Comparison;

/// <summary>
/// The two embedding sets live in different vector spaces (engine, model or dimension differ, or they share no
/// clip option), so their distances would mean nothing. The request conflicts with the stored state (HTTP 409).
/// </summary>
public sealed class IncompatibleEmbeddingSetsException : Exception
{
    public IncompatibleEmbeddingSetsException()
    {
    }

    public IncompatibleEmbeddingSetsException(string message)
        : base(message)
    {
    }

    public IncompatibleEmbeddingSetsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
