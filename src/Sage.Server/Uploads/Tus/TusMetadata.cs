using System.Buffers.Text;
using System.Text;

namespace Sage.Server.Uploads.Tus;

/// <summary>
/// Upload-Metadata: comma-separated pairs of a key and an optional base64 value. Parsed strictly,
/// and only ever sent back re-encoded from the parsed values, so nothing a client wrote reaches
/// another header raw.
/// </summary>
public sealed class TusMetadata
{
    /// <summary>Larger metadata is refused; two names and a type need far less.</summary>
    public const int MaxHeaderLength = 8 * 1024;

    private readonly List<KeyValuePair<string, byte[]?>> _pairs;

    private TusMetadata(List<KeyValuePair<string, byte[]?>> pairs) => _pairs = pairs;

    public static TusMetadata Empty { get; } = new([]);

    public IReadOnlyList<KeyValuePair<string, byte[]?>> Pairs => _pairs;

    /// <summary>The value of <paramref name="key"/> as UTF-8 text; null when absent, valueless or not UTF-8.</summary>
    public string? GetText(string key)
    {
        foreach (var (k, value) in _pairs)
        {
            if (k == key && value is not null)
            {
                try
                {
                    return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(value);
                }
                catch (DecoderFallbackException)
                {
                    return null;
                }
            }
        }

        return null;
    }

    /// <exception cref="TusProtocolException">400 for anything malformed.</exception>
    public static TusMetadata Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return Empty;
        }

        if (header.Length > MaxHeaderLength)
        {
            throw TusProtocolException.BadRequest($"Upload-Metadata is longer than {MaxHeaderLength} characters.");
        }

        var pairs = new List<KeyValuePair<string, byte[]?>>();
        foreach (var rawPair in header.Split(','))
        {
            var pair = rawPair.Trim(' ');
            var parts = pair.Split(' ');
            if (parts.Length > 2 || parts[0].Length == 0)
            {
                throw TusProtocolException.BadRequest("Upload-Metadata must be comma-separated 'key base64value' pairs.");
            }

            var key = parts[0];
            if (!key.All(c => c is > ' ' and <= '~'))
            {
                throw TusProtocolException.BadRequest("An Upload-Metadata key must be printable ASCII without spaces or commas.");
            }

            if (pairs.Exists(p => p.Key == key))
            {
                throw TusProtocolException.BadRequest("Upload-Metadata keys must be unique.");
            }

            byte[]? value = null;
            if (parts.Length == 2)
            {
                value = DecodeBase64(parts[1]) ?? throw TusProtocolException.BadRequest("An Upload-Metadata value is not valid base64.");
            }

            pairs.Add(new(key, value));
        }

        return new TusMetadata(pairs);
    }

    /// <summary>The header value, built from the parsed pairs.</summary>
    public string Encode() =>
        string.Join(',', _pairs.Select(p => p.Value is null ? p.Key : p.Key + " " + Convert.ToBase64String(p.Value)));

    private static byte[]? DecodeBase64(string text)
    {
        // Strict: standard alphabet with padding, as the spec asks; no whitespace inside.
        if (text.Length % 4 != 0 || !Base64.IsValid(text))
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
