namespace Sage.Server.Uploads.Tus;

/// <summary>The life of a tus upload. Only an active upload takes bytes; the others are tombstones.</summary>
public static class TusUploadStatus
{
    /// <summary>Taking PATCH requests.</summary>
    public const string Active = "active";
    /// <summary>All bytes arrived and the video was recorded.</summary>
    public const string Completed = "completed";
    /// <summary>Ended by the client (DELETE); its parts are gone.</summary>
    public const string Terminated = "terminated";
    /// <summary>Idle past its expiry; its parts are gone.</summary>
    public const string Expired = "expired";
    /// <summary>Refused for what it holds (not a video); its parts are gone and the error says why.</summary>
    public const string Failed = "failed";
}
