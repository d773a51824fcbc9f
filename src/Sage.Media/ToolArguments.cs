namespace Sage.Media;

/// <summary>
/// Arguments as they appear in logs: joined only when the log is written, with URL query strings
/// (pre-signed S3 credentials) replaced by "?…".
/// </summary>
internal readonly record struct ToolArguments(IReadOnlyList<string> Arguments)
{
    public override string ToString() =>
        string.Join(' ', Arguments.Select(UrlQueries.Redact));
}
