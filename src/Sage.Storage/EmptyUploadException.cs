namespace Sage.Storage;

/// <summary>The source held no bytes. The multipart upload was aborted; nothing was stored.</summary>
public sealed class EmptyUploadException : Exception
{
    public EmptyUploadException()
        : base("The upload is empty.")
    {
    }

    public EmptyUploadException(string message)
        : base(message)
    {
    }

    public EmptyUploadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
