namespace Sage.Storage;

/// <summary>S3's NoSuchUpload: the multipart upload was completed, aborted, or never existed.</summary>
public sealed class NoSuchUploadException : Exception
{
    public NoSuchUploadException()
    {
    }

    public NoSuchUploadException(string message)
        : base(message)
    {
    }

    public NoSuchUploadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
