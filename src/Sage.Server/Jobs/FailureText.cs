using System.Text.RegularExpressions;

namespace Sage.Server.Jobs;

/// <summary>
/// A failure reason as the API may show it: tools quote their input, and an answer must carry neither a server path
/// nor a presigned URL (its query is a credential). A path becomes its file name; a URL loses its query.
/// </summary>
public static partial class FailureText
{
    public static string Redact(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var withoutQueries = UrlQuery().Replace(message, m => m.Groups["url"].Value);
        return AbsolutePath().Replace(withoutQueries, m => FileName(m.Value));
    }

    private static string FileName(string path)
    {
        var trimmed = path.TrimEnd('/', '\\');
        return trimmed[(trimmed.LastIndexOfAny(['/', '\\']) + 1)..];
    }

    [GeneratedRegex(@"(?<url>https?://[^\s?'""]+)\?[^\s'""]*?(?=[:,;]?(?:\s|$)|['""])")]
    private static partial Regex UrlQuery();

    // A POSIX path of two or more segments not inside a word or URL, or a Windows drive path.
    [GeneratedRegex(@"(?<![\w.:/])/(?:[^\s'"":,/]+/)+[^\s'"":,/]*|\b[A-Za-z]:\\[^\s'"":,]+")]
    private static partial Regex AbsolutePath();
}
