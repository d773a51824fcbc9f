namespace Sage.Embeddings.TwelveLabs;

/// <summary>
/// Where the TwelveLabs API key comes from. The server implements it with the key stored in its
/// settings (else the TWELVELABS_API_KEY environment variable); the engine asks for the key on
/// every video, so a key changed in the UI is used by the next job.
/// </summary>
public interface ITwelveLabsKeySource
{
    /// <summary>The API key, or null when none is configured.</summary>
    ValueTask<string?> GetApiKeyAsync(CancellationToken cancellationToken);
}
