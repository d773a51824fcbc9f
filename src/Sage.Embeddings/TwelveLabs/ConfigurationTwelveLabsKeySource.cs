using Microsoft.Extensions.Configuration;

namespace Sage.Embeddings.TwelveLabs;

/// <summary>
/// The default key source when the host registers none: the <c>TWELVELABS_API_KEY</c> configuration
/// value, which environment variables feed.
/// </summary>
public sealed class ConfigurationTwelveLabsKeySource(IConfiguration configuration) : ITwelveLabsKeySource
{
    public const string KeyName = "TWELVELABS_API_KEY";

    public ValueTask<string?> GetApiKeyAsync(CancellationToken cancellationToken)
    {
        var key = configuration[KeyName];
        return ValueTask.FromResult(string.IsNullOrWhiteSpace(key) ? null : key.Trim());
    }
}
