namespace Sage.Storage;

/// <summary>
/// The one boundary between SAGE and object storage, in S3's words. Implemented by
/// <c>FileSystemObjectStore</c> (the default) and <c>S3ObjectStore</c>.
/// Large objects arrive only through the multipart calls, a part at a time, so no store ever
/// sees a whole file in memory.
/// </summary>
public interface IObjectStore
{
    /// <summary>"FileSystem" or "S3".</summary>
    string Provider { get; }

    /// <summary>Starts a multipart upload. <paramref name="partSize"/> is the size of every part but the last.</summary>
    Task<MultipartUpload> CreateMultipartUploadAsync(string key, ObjectMetadata metadata, long partSize, CancellationToken cancellationToken);

    /// <summary>Uploads one part (1-based). The store verifies the content against a checksum it is sent.</summary>
    Task<UploadedPart> UploadPartAsync(MultipartUpload upload, int partNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Assembles the parts, in part-number order, into the object at the upload's key.</summary>
    Task CompleteMultipartUploadAsync(MultipartUpload upload, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken);

    /// <summary>Discards every part. Safe to call twice, and for an upload that no longer exists.</summary>
    Task AbortMultipartUploadAsync(MultipartUpload upload, CancellationToken cancellationToken);

    /// <summary>Writes a small object (a thumbnail, a pending tus tail) in one request.</summary>
    Task PutObjectAsync(string key, Stream content, ObjectMetadata metadata, CancellationToken cancellationToken);

    /// <summary>Size and metadata, or null when there is no such object.</summary>
    Task<StoredObject?> GetObjectAsync(string key, CancellationToken cancellationToken);

    /// <summary>Opens the object (or a byte range of it) for reading.</summary>
    Task<Stream> OpenReadAsync(string key, ByteRange? range, CancellationToken cancellationToken);

    /// <summary>Deletes one object. Deleting a missing object is not an error.</summary>
    Task DeleteObjectAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// A time-limited GET URL, or null for a store that has no URLs of its own (the file system). With
    /// <paramref name="response"/>, the store answers that URL with these headers whatever the object's own metadata
    /// says (a URL for a browser must not be served with a type a client once declared).
    /// </summary>
    Task<Uri?> GetPresignedReadUrlAsync(string key, TimeSpan expiresIn, PresignedResponse? response, CancellationToken cancellationToken);

    /// <summary>
    /// The object's file, for a store that keeps objects as local files (ffmpeg then reads it directly); null for
    /// one that does not (S3: read it through <see cref="GetPresignedReadUrlAsync"/>).
    /// </summary>
    string? LocalPathOf(string key) => null;

    /// <summary>Bytes this process may still write, for a store on a local disk; null for one without a disk of its own (S3).</summary>
    long? AvailableBytes => null;

    /// <summary>
    /// The multipart uploads still open whose key starts with <paramref name="keyPrefix"/>, so a sweep can abort those
    /// nobody will finish. An upload whose key the store cannot read (a file-store upload whose creation failed before
    /// its manifest was written) is listed with an empty key, whatever the prefix. A store with no uploads of its own lists none.
    /// </summary>
    Task<IReadOnlyList<OpenMultipartUpload>> ListMultipartUploadsAsync(string keyPrefix, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OpenMultipartUpload>>([]);

    /// <summary>
    /// Deletes the store's own scratch files (a write cut off half-way) last written before <paramref name="writtenBefore"/>,
    /// and returns their names. A store without scratch files of its own (S3) deletes nothing.
    /// </summary>
    Task<IReadOnlyList<string>> DeleteScratchFilesAsync(DateTimeOffset writtenBefore, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>Throws when the store cannot be reached.</summary>
    Task CheckHealthAsync(CancellationToken cancellationToken);
}

/// <param name="Key">The object key the upload completes into.</param>
/// <param name="UploadId">The store's id for the upload.</param>
/// <param name="PartSize">The size of every part but the last.</param>
public sealed record MultipartUpload(string Key, string UploadId, long PartSize);

/// <summary>A multipart upload the store holds open.</summary>
/// <param name="Key">The key it would complete into; empty when the store cannot tell.</param>
/// <param name="LastWritten">When it was last written to (S3: when it was started; it reports nothing later).</param>
public sealed record OpenMultipartUpload(string Key, string UploadId, DateTimeOffset LastWritten)
{
    /// <summary>The upload, enough of it to abort (the part size is not needed for that, and not known).</summary>
    public MultipartUpload ToUpload() => new(Key, UploadId, PartSize: 0);
}

/// <param name="PartNumber">1-based.</param>
/// <param name="ETag">As the store returned it.</param>
/// <param name="Size">Bytes in the part.</param>
/// <param name="Checksum">The base64 checksum the store verified, when it has one.</param>
public sealed record UploadedPart(int PartNumber, string ETag, long Size, string? Checksum = null);

/// <param name="OriginalFileName">The name the user gave, any Unicode; stored encoded so any store accepts it.</param>
public sealed record ObjectMetadata(string OriginalFileName, string ContentType, DateTimeOffset UploadedAt);

public sealed record StoredObject(string Key, long Size, ObjectMetadata? Metadata, string? ETag);

/// <summary>An inclusive byte range, as in HTTP's Range header.</summary>
public readonly record struct ByteRange(long From, long To)
{
    public long Length => To - From + 1;
}
