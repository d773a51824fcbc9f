using System.Text.RegularExpressions;

namespace Sage.Media;

/// <summary>
/// The one rule for URL query strings in text that leaves the media layer (logs, exceptions): a pre-signed URL's query
/// is a credential (access key id, signature), so every query becomes "?…" while the rest of the URL stays readable.
/// </summary>
public static partial class UrlQueries
{
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains("://", StringComparison.Ordinal) ? Query().Replace(text, "${url}?…") : text;
    }

    // Ends where the tool's own text goes on: before ": message", ", ", a quote or the end of the line.
    [GeneratedRegex(@"(?<url>[A-Za-z][A-Za-z0-9+.\-]*://[^\s?'""]+)\?[^\s'""]*?(?=[:,;]?(?:\s|$)|['""])")]
    private static partial Regex Query();
}
