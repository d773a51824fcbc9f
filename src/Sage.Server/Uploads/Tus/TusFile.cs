namespace Sage.Server.Uploads.Tus;

/// <summary>One of <see cref="TusPendingFiles"/>' files.</summary>
/// <param name="Kind"><see cref="PendingKind"/> or <see cref="ChunkKind"/>.</param>
public sealed record TusFile(Guid UploadId, string Path, string Kind, DateTimeOffset LastWritten)
{
    public const string PendingKind = "tus_pending";

    public const string ChunkKind = "tus_chunk";
}
