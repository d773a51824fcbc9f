using System.Text.Json.Serialization;

namespace Sage.Server.Settings;

/// <summary>
/// What GET /api/settings/twelvelabs says about the key; never the key itself.
/// </summary>
/// <param name="Configured">A key is stored or in the environment.</param>
/// <param name="Valid">TwelveLabs accepted it (true) or rejected it (false); null when not configured or TwelveLabs could not be asked.</param>
/// <param name="Hint">The key's last 4 characters (null for keys shorter than 8).</param>
/// <param name="Source">"settings", "environment" or null.</param>
/// <param name="State">"valid", "invalid", "unreachable" or null: why <paramref name="Valid"/> is null.</param>
public sealed record TwelveLabsKeyStatus(
    [property: JsonPropertyName("configured")] bool Configured,
    [property: JsonPropertyName("valid")] bool? Valid,
    [property: JsonPropertyName("hint")] string? Hint,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("state")] string? State)
{
    public static TwelveLabsKeyStatus NotConfigured { get; } = new(false, null, null, null, null);
}
