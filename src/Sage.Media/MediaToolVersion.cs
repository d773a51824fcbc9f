using System.Text.RegularExpressions;

namespace Sage.Media;

/// <summary>A tool's version as printed by "-version" ("5.1.9-0+deb12u1") and its major.minor (5.1).</summary>
public sealed partial record MediaToolVersion(string Raw, Version? Parsed)
{
    /// <summary>
    /// Reads the first line of "ffmpeg -version" / "ffprobe -version". Release builds print
    /// "ffmpeg version 5.1.9-0+deb12u1 ..." or "n6.1"; git builds ("N-113000-g...") have no number,
    /// so <see cref="Parsed"/> is null for them.
    /// </summary>
    public static MediaToolVersion? FromVersionOutput(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var match = VersionLine().Match(output);
        if (!match.Success)
        {
            return null;
        }

        var raw = match.Groups["raw"].Value;
        var number = LeadingNumber().Match(raw);
        Version? parsed = number.Success && Version.TryParse(number.Groups["major"].Value + "." + number.Groups["minor"].Value, out var v)
            ? v
            : null;
        return new MediaToolVersion(raw, parsed);
    }

    public override string ToString() => Parsed is null ? Raw : $"{Parsed} ({Raw})";

    [GeneratedRegex(@"^\S+ version (?<raw>\S+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"^n?(?<major>\d+)\.(?<minor>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingNumber();
}
