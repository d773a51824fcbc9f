namespace Sage.Storage;

/// <summary>The Content-Type and Content-Disposition a pre-signed GET URL is answered with.</summary>
public sealed record PresignedResponse(string ContentType, string ContentDisposition);
