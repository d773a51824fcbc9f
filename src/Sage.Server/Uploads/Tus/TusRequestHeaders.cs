using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Sage.Server.Uploads.Tus;

/// <summary>Strict parsing of tus's numeric headers: digits only, one value, no overflow; anything else is a 400.</summary>
public static class TusRequestHeaders
{
    /// <summary>Null when the header is absent.</summary>
    /// <exception cref="TusProtocolException">400.</exception>
    public static long? ParseLength(IHeaderDictionary headers, string name)
    {
        var values = headers[name];
        if (StringValues.IsNullOrEmpty(values))
        {
            return null;
        }

        if (values.Count != 1 || !long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw TusProtocolException.BadRequest($"{name} must be one non-negative integer that fits in 64 bits.");
        }

        return value;
    }

    public static bool IsOffsetOctetStream(string? contentType) =>
        contentType is not null &&
        contentType.Split(';', 2)[0].Trim().Equals(TusHeaders.OffsetOctetStream, StringComparison.OrdinalIgnoreCase);
}
