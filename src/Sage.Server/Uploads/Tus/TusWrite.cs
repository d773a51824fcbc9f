namespace Sage.Server.Uploads.Tus;

/// <summary>One PATCH, as parsed from its headers.</summary>
/// <param name="ContentLength">Null for a chunked body.</param>
/// <param name="UploadLength">Upload-Length on a PATCH: sets a deferred length.</param>
public sealed record TusWrite(Guid UploadId, long Offset, long? ContentLength, long? UploadLength, TusChecksum? Checksum);
