namespace Sage.Server.Uploads.Tus;

/// <summary>The tus 1.0.0 header names and fixed values, in the protocol's own words.</summary>
public static class TusHeaders
{
    public const string TusResumable = "Tus-Resumable";
    public const string TusVersion = "Tus-Version";
    public const string TusExtension = "Tus-Extension";
    public const string TusMaxSize = "Tus-Max-Size";
    public const string TusChecksumAlgorithm = "Tus-Checksum-Algorithm";
    public const string UploadOffset = "Upload-Offset";
    public const string UploadLength = "Upload-Length";
    public const string UploadDeferLength = "Upload-Defer-Length";
    public const string UploadMetadata = "Upload-Metadata";
    public const string UploadExpires = "Upload-Expires";
    public const string UploadChecksum = "Upload-Checksum";
    public const string HttpMethodOverride = "X-HTTP-Method-Override";

    /// <summary>SAGE's own: the video an upload became.</summary>
    public const string SageVideoId = "Sage-Video-Id";

    /// <summary>SAGE's own: why an upload failed, as sanitised ASCII.</summary>
    public const string SageUploadError = "Sage-Upload-Error";

    public const string Version = "1.0.0";

    /// <summary>The media type every PATCH body must have.</summary>
    public const string OffsetOctetStream = "application/offset+octet-stream";

    /// <summary>The extensions this server implements, as sent in Tus-Extension.</summary>
    public const string Extensions = "creation,creation-with-upload,creation-defer-length,termination,checksum,expiration";

    /// <summary>Headers a browser may read from a tus answer (CORS).</summary>
    public static readonly string[] Exposed =
    [
        "Location", UploadOffset, UploadLength, UploadDeferLength, UploadMetadata, UploadExpires,
        TusResumable, TusVersion, TusExtension, TusMaxSize, TusChecksumAlgorithm, SageVideoId, SageUploadError,
    ];

    /// <summary>Headers a browser may send on a tus request (CORS).</summary>
    public static readonly string[] Allowed =
    [
        TusResumable, UploadLength, UploadOffset, UploadMetadata, UploadDeferLength, UploadChecksum,
        "Content-Type", HttpMethodOverride, "X-Request-ID", "Authorization", Auth.TokenAuthenticationHandler.CsrfHeader,
    ];
}
