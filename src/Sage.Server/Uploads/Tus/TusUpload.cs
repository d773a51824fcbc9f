namespace Sage.Server.Uploads.Tus;

/// <summary>
/// One tus upload as the database holds it. The offset is always
/// (bytes in the parts contiguous from part 1) + <see cref="PendingBytes"/>, both persisted, so any
/// server process can continue the upload without asking the store which parts it has.
/// </summary>
/// <param name="UploadLength">Null while the length is deferred.</param>
/// <param name="PartSize">The size of every multipart part but the last.</param>
/// <param name="PendingBytes">Bytes after the last whole part, kept in the pending file until a part fills.</param>
/// <param name="Metadata">Upload-Metadata, re-encoded from the parsed pairs (never the raw header).</param>
/// <param name="MultipartUploadId">The store's multipart upload id; null before the first part or after the upload ends.</param>
/// <param name="PrefixChecked">1 once the first bytes were found to be a known video container.</param>
public sealed record TusUpload(
    Guid Id,
    string Status,
    long? UploadLength,
    long UploadOffset,
    long PartSize,
    long PendingBytes,
    string Metadata,
    string FileName,
    string ContentType,
    Guid VideoId,
    string StorageKey,
    string? MultipartUploadId,
    long PrefixChecked,
    DateTimeOffset ExpiresAt,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? OwnerTokenId = null)
{
    public bool IsLengthDeferred => UploadLength is null;

    public bool IsComplete => UploadLength is { } length && UploadOffset == length;
}
