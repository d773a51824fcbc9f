namespace Sage.Storage;

/// <summary>The object cannot be stored: over S3's 5 TiB, over 10,000 parts, or needing parts bigger than the buffer budget.</summary>
public sealed class ObjectTooLargeException : Exception
{
    public ObjectTooLargeException()
    {
    }

    public ObjectTooLargeException(string message)
        : base(message)
    {
    }

    public ObjectTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
