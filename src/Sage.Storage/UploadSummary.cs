namespace Sage.Storage;

/// <summary>What <see cref="MultipartUploader.UploadAsync"/> stored.</summary>
/// <param name="Key">The object key.</param>
/// <param name="Bytes">Size of the stored object.</param>
/// <param name="Parts">Parts it was uploaded in.</param>
/// <param name="PartSize">Bytes in every part but the last.</param>
/// <param name="Duration">From the first byte read to the completed object.</param>
public sealed record UploadSummary(string Key, long Bytes, int Parts, long PartSize, TimeSpan Duration);
