namespace Sage.Embeddings.TwelveLabs;

/// <summary>
/// Asks TwelveLabs whether a key works. A network failure or a 5xx is "unreachable", never
/// "invalid": only TwelveLabs saying 401 makes a key invalid.
/// </summary>
public sealed class TwelveLabsKeyValidator(TwelveLabsClient client)
{
    public Task<TwelveLabsKeyCheck> ValidateAsync(string apiKey, CancellationToken cancellationToken) =>
        client.CheckKeyAsync(apiKey, cancellationToken);
}
