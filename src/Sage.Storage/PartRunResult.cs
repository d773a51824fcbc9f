namespace Sage.Storage;

/// <summary>What <see cref="MultipartUploader.UploadPartsAsync"/> uploaded from one source stream.</summary>
/// <param name="Parts">The parts uploaded, ordered by part number.</param>
/// <param name="BytesUploaded">Bytes in those parts.</param>
/// <param name="RemainderBytes">
/// Trailing bytes too few for a whole part: written to the remainder sink, or kept in place as the start of
/// the next part (<see cref="MultipartUploader.UploadPartsInPlaceAsync"/>).
/// </param>
/// <param name="NextPartNumber">The part number the next run should start at.</param>
public sealed record PartRunResult(IReadOnlyList<UploadedPart> Parts, long BytesUploaded, long RemainderBytes, int NextPartNumber);
