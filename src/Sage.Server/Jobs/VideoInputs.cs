using Microsoft.Extensions.Options;
using Sage.Embeddings;
using Sage.Storage;

namespace Sage.Server.Jobs;

/// <summary>
/// Where ffmpeg and the engines read a stored video: the file itself on the file store, a
/// presigned GET URL on S3 (ffmpeg reads it with range requests; nothing is downloaded first).
/// </summary>
public sealed class VideoInputs(IObjectStore store, IOptions<StorageOptions> storage)
{
    public async Task<VideoSource> ResolveAsync(string storageKey, string fileName, CancellationToken cancellationToken)
    {
        if (store.LocalPathOf(storageKey) is { } path)
        {
            return new VideoSource { LocalPath = path, StorageKey = storageKey, FileName = fileName };
        }

        var url = await store.GetPresignedReadUrlAsync(storageKey, storage.Value.S3.PresignedUrlExpiry, response: null, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The {store.Provider} store gives no URL for '{storageKey}'.");
        return new VideoSource { Url = url, StorageKey = storageKey, FileName = fileName };
    }
}
