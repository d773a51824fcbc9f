using System.Text.Json.Serialization;

namespace Sage.Server.Settings;

/// <summary>PUT /api/settings/twelvelabs.</summary>
public sealed record TwelveLabsKeyRequest([property: JsonPropertyName("apiKey")] string? ApiKey);
