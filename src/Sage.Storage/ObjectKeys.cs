using System.Globalization;
using System.Text;

namespace Sage.Storage;

/// <summary>Object keys: how they are made from user input, and what a store accepts.</summary>
public static class ObjectKeys
{
    /// <summary>Longest file name part of a key, in UTF-8 bytes.</summary>
    public const int MaxFileNameBytes = 120;

    /// <summary>S3's longest key.</summary>
    public const int MaxKeyBytes = 1024;

    private const string FallbackFileName = "video";

    // Reserved on Windows, in URLs or by shells; replaced so a download keeps a usable name.
    private const string ReservedCharacters = "<>:\"/\\|?*#%{}^~[]`";

    private static readonly HashSet<string> DeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>What every video's key starts with; the only keys SAGE writes as multipart uploads.</summary>
    public const string VideoPrefix = "videos/";

    /// <summary><c>videos/{id}/{sanitised original file name}</c>.</summary>
    public static string ForVideo(Guid videoId, string? originalFileName) =>
        string.Create(CultureInfo.InvariantCulture, $"{VideoPrefix}{videoId:D}/{SanitizeFileName(originalFileName)}");

    /// <summary>
    /// Turns any user-supplied file name into one safe path segment: no directories, no control or
    /// bidi-override characters, no reserved characters, no leading dots, no trailing dots or spaces,
    /// at most <see cref="MaxFileNameBytes"/> UTF-8 bytes with the extension kept, never empty.
    /// </summary>
    public static string SanitizeFileName(string? originalFileName)
    {
        var name = originalFileName ?? "";

        // Browsers may send a full client path; only the last part is the name.
        var lastSeparator = name.LastIndexOfAny(['/', '\\']);
        if (lastSeparator >= 0)
        {
            name = name[(lastSeparator + 1)..];
        }

        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                builder.Append(c).Append(name[i + 1]);
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                continue; // a lone surrogate is not text and does not encode to UTF-8
            }

            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                continue; // includes NUL, newlines, RTL/LTR overrides and zero-width characters
            }

            if (ReservedCharacters.Contains(c, StringComparison.Ordinal))
            {
                builder.Append('_');
            }
            else if (char.IsWhiteSpace(c))
            {
                builder.Append(' ');
            }
            else
            {
                builder.Append(c);
            }
        }

        name = builder.ToString().TrimStart('.', ' ').TrimEnd('.', ' ');

        var (stem, extension) = SplitExtension(name);
        if (stem.Length == 0)
        {
            stem = FallbackFileName;
        }

        // Windows refuses these as file names whatever the extension, and people download to Windows.
        if (DeviceNames.Contains(stem))
        {
            stem = "_" + stem;
        }

        var budget = MaxFileNameBytes - Encoding.UTF8.GetByteCount(extension);
        stem = TruncateUtf8(stem, budget).TrimEnd('.', ' ');
        if (stem.Length == 0)
        {
            stem = FallbackFileName;
        }

        return stem + extension;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="key"/> is a plain relative path every store accepts.</summary>
    public static void Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!IsValid(key, out var reason))
        {
            throw new ArgumentException($"Invalid object key: {reason}.", nameof(key));
        }
    }

    public static bool IsValid(string key, out string reason)
    {
        reason = "";
        if (string.IsNullOrEmpty(key))
        {
            reason = "empty";
            return false;
        }

        if (key.Length > MaxKeyBytes || Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            reason = "longer than 1024 UTF-8 bytes";
            return false;
        }

        foreach (var c in key)
        {
            if (char.IsControl(c) || c == '\\')
            {
                reason = "control character or backslash";
                return false;
            }
        }

        if (HasUnpairedSurrogate(key))
        {
            reason = "unpaired surrogate";
            return false;
        }

        if (key[0] == '/' || Path.IsPathRooted(key))
        {
            reason = "absolute";
            return false;
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                reason = "empty, '.' or '..' path segment";
                return false;
            }
        }

        return true;
    }

    private static bool HasUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static (string Stem, string Extension) SplitExtension(string name)
    {
        var dot = name.LastIndexOf('.');
        if (dot <= 0 || dot == name.Length - 1)
        {
            return (name, "");
        }

        var extension = name[dot..];

        // Only a short alphanumeric tail is an extension worth keeping through truncation.
        if (extension.Length > 16 || extension.AsSpan(1).ContainsAnyExcept(AsciiAlphanumerics))
        {
            return (name, "");
        }

        return (name[..dot].TrimEnd('.', ' '), extension);
    }

    private static readonly System.Buffers.SearchValues<char> AsciiAlphanumerics =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    private static string TruncateUtf8(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        // Cut on grapheme boundaries so an emoji or accented letter is never split.
        var builder = new StringBuilder();
        var bytes = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var elementBytes = Encoding.UTF8.GetByteCount(element);
            if (bytes + elementBytes > maxBytes)
            {
                break;
            }

            builder.Append(element);
            bytes += elementBytes;
        }

        return builder.ToString();
    }
}
