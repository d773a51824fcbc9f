namespace Sage.Server.Uploads.Tus;

/// <summary>A tus request refused with a status the protocol names (400, 409, 410, 412, 413, 415, 423, 460).</summary>
public sealed class TusProtocolException(int statusCode, string title, string detail) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;

    public string Title { get; } = title;

    /// <summary>The upload the request was about, when it is known: its answer still carries Upload-Offset and Upload-Expires.</summary>
    public TusUpload? Upload { get; private set; }

    public TusProtocolException WithUpload(TusUpload upload)
    {
        Upload = upload;
        return this;
    }

    /// <summary>tus's checksum extension: the chunk did not match its Upload-Checksum.</summary>
    public const int ChecksumMismatch = 460;

    public static TusProtocolException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Bad tus request", detail);

    public static TusProtocolException NotFound(Guid id) => NotFound(id.ToString("D"));

    public static TusProtocolException NotFound(string id) => new(StatusCodes.Status404NotFound, "Upload not found", $"There is no upload with id '{TusResponse.SanitizeAscii(id)}'.");

    public static TusProtocolException Gone(TusUpload upload) => new(
        StatusCodes.Status410Gone,
        "Upload gone",
        upload.Error ?? $"The upload is {upload.Status}.");

    public static TusProtocolException OffsetMismatch(long expected, long sent) => new(
        StatusCodes.Status409Conflict,
        "Offset mismatch",
        $"Upload-Offset is {sent}, but the upload is at offset {expected}.");

    public static TusProtocolException Locked() => new(
        StatusCodes.Status423Locked,
        "Upload locked",
        "Another request is writing to this upload; retry when it has finished.");

    public static TusProtocolException TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, "Upload too large", detail);
}
