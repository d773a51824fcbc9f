namespace Sage.Storage;

/// <summary>The store has no room for the bytes (HTTP 507 to the client).</summary>
public sealed class InsufficientStorageException(string message, Exception? innerException = null) : IOException(message, innerException)
{
    private const int Enospc = 28;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    /// <summary>True for the "no space left on device" family, as the runtime reports it on Linux and Windows.</summary>
    public static bool IsDiskFull(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is InsufficientStorageException || (e is IOException && (e.HResult is Enospc or WindowsDiskFull or WindowsHandleDiskFull)))
            {
                return true;
            }
        }

        return false;
    }
}
