namespace Sage.Media;

/// <summary>
/// Arguments as they appear in logs: joined only when the log is written, with URL query strings
/// (pre-signed S3 credentials) replaced by "?…".
/// </summary>
internal readonly record struct ToolArguments(IReadOnlyList<string> Arguments)
{
    public override string ToString() =>
        string.Join(' ', Arguments.Select(static argument =>
            argument.StartsWith("http", StringComparison.OrdinalIgnoreCase) && argument.IndexOf('?', StringComparison.Ordinal) is var q and >= 0
                ? string.Concat(argument.AsSpan(0, q), "?…")
                : argument));
}
