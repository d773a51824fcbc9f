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
    /// Writes <paramref name="bytes"/> at <paramref name="offsetInPart"/> of part <paramref name="partNumber"/>.
    /// Nothing counts as uploaded until <see cref="DescribeWrittenPart"/>; bytes of a part that is never
    /// described are overwritten by the part that is, or cut off when the upload completes.
    /// </summary>
    Task WritePartBytesAsync(MultipartUpload upload, int partNumber, long offsetInPart, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>
    /// The part, once every byte of <paramref name="content"/> has been written: what
    /// <see cref="IObjectStore.UploadPartAsync"/> would have returned for the same content.
    /// </summary>
    UploadedPart DescribeWrittenPart(MultipartUpload upload, int partNumber, ReadOnlyMemory<byte> content);
}
