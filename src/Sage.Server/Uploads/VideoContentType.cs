using Microsoft.AspNetCore.StaticFiles;

namespace Sage.Server.Uploads;

/// <summary>
/// Decides the content type of an uploaded video from what the client declared. A generic type
/// (none, or application/octet-stream, as curl and some browsers send) is resolved from the file
/// name's extension; anything else must be video/*. The bytes are checked separately.
/// </summary>
public static class VideoContentType
{
    private static readonly FileExtensionContentTypeProvider Extensions = CreateProvider();

    /// <summary>The video content type to record, or null when the upload is not a video.</summary>
    public static string? Resolve(string? declared, string? fileName)
    {
        var type = declared?.Split(';', 2)[0].Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(type) && type != "application/octet-stream")
        {
            return IsVideo(type) ? type : null;
        }

        return fileName is not null && Extensions.TryGetContentType(fileName, out var guessed) && IsVideo(guessed)
            ? guessed
            : null;
    }

    private static bool IsVideo(string type) =>
        type.StartsWith("video/", StringComparison.Ordinal) && type.Length > "video/".Length;

    private static FileExtensionContentTypeProvider CreateProvider()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".mkv"] = "video/x-matroska";
        provider.Mappings[".m2ts"] = "video/mp2t";
        provider.Mappings[".mts"] = "video/mp2t";
        provider.Mappings[".flv"] = "video/x-flv";
        return provider;
    }
}
