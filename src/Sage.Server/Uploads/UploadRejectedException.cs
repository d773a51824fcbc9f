namespace Sage.Server.Uploads;

/// <summary>An upload refused for what it is (type, size, content). Nothing of it is kept; the status says why.</summary>
public sealed class UploadRejectedException(int statusCode, string title, string detail) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;

    public string Title { get; } = title;

    public static UploadRejectedException NotAVideoType(string? contentType) => new(
        StatusCodes.Status415UnsupportedMediaType,
        "File must be a video",
        $"The content type '{contentType ?? "(none)"}' is not a video type (video/*).");

    public static UploadRejectedException UnknownContainer() => new(
        StatusCodes.Status415UnsupportedMediaType,
        "File must be a video",
        "The file says it is a video, but its first bytes are no known video container (MP4/MOV, Matroska/WebM, AVI, MPEG-TS, FLV, MPEG-PS).");

    public static UploadRejectedException Empty() => new(
        StatusCodes.Status400BadRequest,
        "Empty file",
        "The file is empty.");

    public static UploadRejectedException TooLarge(long maxBytes) => new(
        StatusCodes.Status413PayloadTooLarge,
        "File too large",
        $"The file is larger than the maximum upload size of {maxBytes} bytes.");
}
