using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;

namespace Sage.Server.Uploads;

/// <summary>
/// The content types SAGE stores and serves. What is stored comes from the sniffed container
/// (<see cref="ForContainer"/>), never from the client: a declared type only gates the upload, and must
/// be one plain video/* token (no list, no parameters that smuggle a second type). What is served is
/// <see cref="ForServing"/>: a stored type outside the known set (rows written before this rule) is
/// never echoed back.
/// </summary>
public static partial class VideoContentType
{
    /// <summary>Served when a stored row's type is not one we know: browsers download it and render nothing.</summary>
    public const string Fallback = "application/octet-stream";

    private static readonly FileExtensionContentTypeProvider Extensions = CreateProvider();

    private static readonly FrozenDictionary<string, string> Containers = new Dictionary<string, string>
    {
        ["mp4"] = "video/mp4",
        ["mov"] = "video/quicktime",
        ["matroska"] = "video/x-matroska",
        ["webm"] = "video/webm",
        ["avi"] = "video/x-msvideo",
        ["flv"] = "video/x-flv",
        ["mpeg-ps"] = "video/mpeg",
        ["asf"] = "video/x-ms-asf",
        ["mpeg-ts"] = "video/mp2t",
        ["m2ts"] = "video/mp2t",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Known = Containers.Values.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Whether the client's declaration lets the upload in: a generic type (none, or application/octet-stream, as
    /// curl and some browsers send) is judged by the file name's extension; anything else must be exactly one
    /// video/* media type. Returns the accepted declaration (for logs), or null when the upload is not a video.
    /// </summary>
    public static string? Resolve(string? declared, string? fileName)
    {
        var type = declared?.Trim().ToLowerInvariant();
        var semicolon = type?.IndexOf(';') ?? -1;
        var essence = semicolon >= 0 ? type![..semicolon].Trim() : type;
        if (!string.IsNullOrEmpty(essence) && essence != "application/octet-stream")
        {
            return IsVideo(essence) && (semicolon < 0 || !type![semicolon..].Contains(',')) ? essence : null;
        }

        return fileName is not null && Extensions.TryGetContentType(fileName, out var guessed) && IsVideo(guessed)
            ? guessed
            : null;
    }

    /// <summary>The content type to store for a container named by <see cref="Videos.ContainerSignature.Detect"/>.</summary>
    public static string ForContainer(string container) =>
        Containers.TryGetValue(container, out var type) ? type : Fallback;

    /// <summary>The content type to serve a stored video as: the stored one when it is a known video type, else one from
    /// the display name's extension when that is known, else <see cref="Fallback"/>.</summary>
    public static string ForServing(string? stored, string? fileName)
    {
        var essence = stored?.Trim().ToLowerInvariant();
        if (essence is not null && Known.Contains(essence))
        {
            return essence;
        }

        return fileName is not null && Extensions.TryGetContentType(fileName, out var guessed) && Known.Contains(guessed)
            ? guessed
            : Fallback;
    }

    private static bool IsVideo(string type) => VideoToken().IsMatch(type);

    // RFC 9110 token characters only: "video/x, text/html" or "video/mp4 text/html" are not one type.
    [GeneratedRegex(@"^video/[a-z0-9][a-z0-9!#$&^_.+-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex VideoToken();

    private static FileExtensionContentTypeProvider CreateProvider()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".mkv"] = "video/x-matroska";
        provider.Mappings[".m2ts"] = "video/mp2t";
        provider.Mappings[".mts"] = "video/mp2t";
        provider.Mappings[".ts"] = "video/mp2t";
        provider.Mappings[".flv"] = "video/x-flv";
        provider.Mappings[".webm"] = "video/webm";
        return provider;
    }
}
