using System.Text.Json.Serialization;

namespace Sage.Server.Settings;

/// <summary>The original SAGE's POST /validate-key body.</summary>
public sealed record LegacyValidateKeyRequest([property: JsonPropertyName("key")] string? Key);

/// <summary>The original's answer, without the key it used to echo.</summary>
public sealed record LegacyValidateKeyResponse([property: JsonPropertyName("isValid")] bool IsValid);
