using System.Globalization;

namespace Sage.Media;

/// <summary>
/// Turns a caller's input (a local path or an http(s) URL) into ffmpeg input arguments.
/// Local paths become absolute so ffmpeg never reads "name:rest" as a protocol prefix
/// (concat:, subfile:, ...), and other URL schemes are refused. A protocol whitelist stops an
/// uploaded playlist (HLS, ffconcat) from making ffmpeg open URLs or other protocols on our behalf.
/// </summary>
internal static class MediaInput
{
    private const string LocalProtocols = "file";
    private const string RemoteProtocols = "http,https,tcp,tls";

    // A stalled server must not hang a decoder that has no overall timeout (microseconds).
    private static readonly string RemoteReadTimeout = (30_000_000).ToString(CultureInfo.InvariantCulture);

    /// <summary>The input options and "-i input", to put where ffmpeg expects its input.</summary>
    public static string[] ToInputArguments(string input)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        if (Uri.TryCreate(input, UriKind.Absolute, out var uri) && !uri.IsFile && !IsWindowsDrivePath(input))
        {
            if (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            {
                return ["-protocol_whitelist", RemoteProtocols, "-rw_timeout", RemoteReadTimeout, "-i", uri.AbsoluteUri];
            }

            throw new ArgumentException($"Only local paths and http(s) URLs are supported, not '{uri.Scheme}:'.", nameof(input));
        }

        return ["-protocol_whitelist", LocalProtocols, "-i", Path.GetFullPath(input)];
    }

    private static bool IsWindowsDrivePath(string input) =>
        input.Length >= 2 && input[1] == ':' && char.IsAsciiLetter(input[0]) && OperatingSystem.IsWindows();
}
