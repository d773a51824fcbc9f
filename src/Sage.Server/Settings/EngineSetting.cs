using System.Text.Json.Serialization;

namespace Sage.Server.Settings;

/// <summary>
/// GET/PUT /api/settings/engine. In a PUT only <see cref="DefaultEngine"/> is read.
/// </summary>
/// <param name="DefaultEngine">"auto", "local" or "twelvelabs".</param>
/// <param name="Source">"settings" (chosen in the UI) or "configuration" (Sage:Embedding:DefaultEngine).</param>
/// <param name="EffectiveEngine">The engine a request without one would get now.</param>
public sealed record EngineSetting(
    [property: JsonPropertyName("defaultEngine")] string? DefaultEngine,
    [property: JsonPropertyName("source")] string? Source = null,
    [property: JsonPropertyName("effectiveEngine")] string? EffectiveEngine = null);
