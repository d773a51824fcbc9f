using System.Text.RegularExpressions;

namespace Sage.Server.Jobs;

/// <summary>
/// A failure reason as the API may show it: tools quote their input, and an answer must carry neither a server path nor
/// a URL (an endpoint, a bucket, and in a pre-signed URL's query a credential). Both become the file name they end in.
/// ffmpeg's "[mov,mp4,... @ 0x55d…]" context prefixes, which name memory addresses, are dropped.
/// </summary>
public static partial class FailureText
{
    public static string Redact(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var withoutContexts = ToolContext().Replace(message, string.Empty);
        var withoutUrls = Url().Replace(withoutContexts, m => FileName(m.Groups["path"].Value) is { Length: > 0 } name ? name : "a server");
        return AbsolutePath().Replace(withoutUrls, m => FileName(m.Value));
    }

    private static string FileName(string path)
    {
        var trimmed = path.TrimEnd('/', '\\');
        return trimmed[(trimmed.LastIndexOfAny(['/', '\\']) + 1)..];
    }

    [GeneratedRegex(@"\[[^\]\r\n]* @ 0x[0-9A-Fa-f]+\]\s*")]
    private static partial Regex ToolContext();

    // A URL up to where the tool's text goes on (": message", ", ", a quote or the line's end), its query included.
    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9+.\-]*://[^\s/?'""]*(?<path>/[^\s?'""]*)?(?:\?[^\s'""]*?)?(?=[:,;]?(?:\s|$)|['""])")]
    private static partial Regex Url();

    // A POSIX path of two or more segments not inside a word or URL, or a Windows drive path.
    [GeneratedRegex(@"(?<![\w.:/])/(?:[^\s'"":,/]+/)+[^\s'"":,/]*|\b[A-Za-z]:\\[^\s'"":,]+")]
    private static partial Regex AbsolutePath();
}
