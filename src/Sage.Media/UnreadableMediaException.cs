namespace Sage.Media;

/// <summary>
/// The input is not a video we can process. <see cref="Exception.Message"/> is a human reason
/// meant to be stored as the video's failure reason.
/// </summary>
public sealed class UnreadableMediaException : Exception
{
    public UnreadableMediaException()
    {
    }

    public UnreadableMediaException(string reason)
        : base(reason)
    {
    }

    public UnreadableMediaException(string reason, Exception innerException)
        : base(reason, innerException)
    {
    }
}
