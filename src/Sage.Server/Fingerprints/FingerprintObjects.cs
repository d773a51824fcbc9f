using Sage.Core.Fingerprints;
using Sage.Storage;

namespace Sage.Server.Fingerprints;

/// <summary>A stored fingerprint object: its key, size and version.</summary>
public sealed record StoredFingerprint(string Key, long Size, int Version);

/// <summary>Fingerprints in the object store, at <c>fingerprints/{videoId}.sgfp</c>.</summary>
public sealed class FingerprintObjects(IObjectStore store)
{
    public static string KeyFor(Guid videoId) => $"fingerprints/{videoId}.sgfp";

    public async Task<StoredFingerprint> SaveAsync(Guid videoId, VideoFingerprint fingerprint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        using var bytes = new MemoryStream();
        FingerprintCodec.Write(fingerprint, bytes);
        bytes.Position = 0;
        var key = KeyFor(videoId);
        await store.PutObjectAsync(key, bytes, new ObjectMetadata($"{videoId}.sgfp", "application/octet-stream", DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
        return new StoredFingerprint(key, bytes.Length, VideoFingerprint.Version);
    }

    /// <summary>The fingerprint stored under <paramref name="key"/>; null when the object is missing or unreadable (it is then computed again).</summary>
    public async Task<VideoFingerprint?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        if (await store.GetObjectAsync(key, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        await using var content = await store.OpenReadAsync(key, null, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        try
        {
            return FingerprintCodec.Read(buffer);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    public Task DeleteAsync(Guid videoId, CancellationToken cancellationToken) => store.DeleteObjectAsync(KeyFor(videoId), cancellationToken);
}
