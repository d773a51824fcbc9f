namespace Sage.Storage;

/// <summary>
/// A store whose parts are written straight to their place in the object being assembled (the file
/// store), so a part can be written piece by piece while the rest of it is still arriving.
/// <see cref="MultipartUploader"/> then writes while it reads: one tus PATCH of a whole part costs
/// about the longer of receiving it and writing it, not the two added up. S3 is not one: a part
/// is one request whose length and checksum come first.
/// </summary>
public interface IInPlacePartStore : IObjectStore
{
    /// <summary>
    /// Opens part <paramref name="partNumber"/> to be written in place from its first byte. Nothing counts
    /// as uploaded until <see cref="IInPlacePart.Complete"/>; bytes of a part that is never completed are
    /// overwritten by the part that is, or cut off when the upload completes.
    /// </summary>
    /// <exception cref="NoSuchUploadException">The multipart upload is not open.</exception>
    IInPlacePart OpenPart(MultipartUpload upload, int partNumber);

    /// <summary>
    /// Gives back the room of whatever the upload holds past its first <paramref name="length"/> bytes: a write that
    /// failed (a full disk, a client gone) leaves bytes past what was recorded, and they would wait there until the
    /// upload resumes. A missing upload is not an error.
    /// </summary>
    void CutBack(MultipartUpload upload, long length);
}

/// <summary>One part being written in place, in order, one write at a time.</summary>
public interface IInPlacePart : IDisposable
{
    /// <summary>The bytes written so far, from the part's start.</summary>
    long BytesWritten { get; }

    /// <summary>Writes <paramref name="bytes"/> after those written so far.</summary>
    Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>
    /// Reads back the part's first <c>into.Length</c> bytes, kept in place by an earlier run, into
    /// <paramref name="into"/>; they then count as written. Only before anything else is written.
    /// </summary>
    /// <exception cref="IOException">The store holds fewer bytes of the part.</exception>
    Task ResumeAsync(Memory<byte> into, CancellationToken cancellationToken);

    /// <summary>
    /// The part, its bytes all written: what <see cref="IObjectStore.UploadPartAsync"/> would have
    /// returned for the same content. Its tag is taken as the bytes are written, so this costs nothing.
    /// </summary>
    UploadedPart Complete();
}
