using Sage.Storage;

namespace Sage.Server.Proxies;

/// <summary>Proxies in the object store, at <c>proxies/{videoId}.mp4</c>, beside the untouched original.</summary>
public sealed class ProxyObjects(IObjectStore store, TimeProvider time)
{
    public const string ContentType = "video/mp4";

    public static string KeyFor(Guid videoId) => $"proxies/{videoId}.mp4";

    /// <summary>Uploads the finished local file and returns its key and size.</summary>
    public async Task<(string Key, long Size)> SaveAsync(Guid videoId, string localPath, CancellationToken cancellationToken)
    {
        var key = KeyFor(videoId);
        await using var file = File.OpenRead(localPath);
        var size = file.Length;
        await store.PutObjectAsync(key, file, new ObjectMetadata($"{videoId}.mp4", ContentType, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        return (key, size);
    }

    public Task DeleteAsync(Guid videoId, CancellationToken cancellationToken) => store.DeleteObjectAsync(KeyFor(videoId), cancellationToken);
}
