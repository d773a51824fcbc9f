using System.Diagnostics;

namespace Sage.Storage;

/// <summary>
/// Times every call to the configured store for <see cref="StorageMetrics"/>, and otherwise passes it through.
/// <see cref="For"/> keeps the file store's in-place parts visible (<see cref="IInPlacePartStore"/>).
/// </summary>
public class MeteredObjectStore(IObjectStore inner, StorageMetrics metrics) : IObjectStore
{
    public static IObjectStore For(IObjectStore inner, StorageMetrics metrics) =>
        inner is IInPlacePartStore inPlace ? new MeteredInPlacePartStore(inPlace, metrics) : new MeteredObjectStore(inner, metrics);

    /// <summary>The store every call is passed to.</summary>
    public IObjectStore Inner => inner;

    public string Provider => inner.Provider;

    public string? LocalPathOf(string key) => inner.LocalPathOf(key);

    public long? AvailableBytes => inner.AvailableBytes;

    public Task<MultipartUpload> CreateMultipartUploadAsync(string key, ObjectMetadata metadata, long partSize, CancellationToken cancellationToken) =>
        TimeAsync("create_multipart_upload", () => inner.CreateMultipartUploadAsync(key, metadata, partSize, cancellationToken));

    public Task<UploadedPart> UploadPartAsync(MultipartUpload upload, int partNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        TimeAsync("upload_part", () => inner.UploadPartAsync(upload, partNumber, content, cancellationToken));

    public Task CompleteMultipartUploadAsync(MultipartUpload upload, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken) =>
        TimeAsync("complete_multipart_upload", () => inner.CompleteMultipartUploadAsync(upload, parts, cancellationToken));

    public Task AbortMultipartUploadAsync(MultipartUpload upload, CancellationToken cancellationToken) =>
        TimeAsync("abort_multipart_upload", () => inner.AbortMultipartUploadAsync(upload, cancellationToken));

    public Task PutObjectAsync(string key, Stream content, ObjectMetadata metadata, CancellationToken cancellationToken) =>
        TimeAsync("put_object", () => inner.PutObjectAsync(key, content, metadata, cancellationToken));

    public Task<StoredObject?> GetObjectAsync(string key, CancellationToken cancellationToken) =>
        TimeAsync("head_object", () => inner.GetObjectAsync(key, cancellationToken));

    /// <summary>Times the opening (to the first byte), not the reading, which runs at the client's pace.</summary>
    public Task<Stream> OpenReadAsync(string key, ByteRange? range, CancellationToken cancellationToken) =>
        TimeAsync("get_object", () => inner.OpenReadAsync(key, range, cancellationToken));

    public Task DeleteObjectAsync(string key, CancellationToken cancellationToken) =>
        TimeAsync("delete_object", () => inner.DeleteObjectAsync(key, cancellationToken));

    public Task<Uri?> GetPresignedReadUrlAsync(string key, TimeSpan expiresIn, PresignedResponse? response, CancellationToken cancellationToken) =>
        inner.GetPresignedReadUrlAsync(key, expiresIn, response, cancellationToken);

    public Task<IReadOnlyList<OpenMultipartUpload>> ListMultipartUploadsAsync(string keyPrefix, CancellationToken cancellationToken) =>
        TimeAsync("list_multipart_uploads", () => inner.ListMultipartUploadsAsync(keyPrefix, cancellationToken));

    public Task<IReadOnlyList<string>> DeleteScratchFilesAsync(DateTimeOffset writtenBefore, CancellationToken cancellationToken) =>
        inner.DeleteScratchFilesAsync(writtenBefore, cancellationToken);

    public Task CheckHealthAsync(CancellationToken cancellationToken) =>
        TimeAsync("check_health", () => inner.CheckHealthAsync(cancellationToken));

    private protected async Task<T> TimeAsync<T>(string operation, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await call().ConfigureAwait(false);
            outcome = "ok";
            return result;
        }
        finally
        {
            metrics.Called(operation, inner.Provider, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    private protected Task TimeAsync(string operation, Func<Task> call) =>
        TimeAsync(operation, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        });

    private sealed class MeteredInPlacePartStore(IInPlacePartStore inner, StorageMetrics metrics) : MeteredObjectStore(inner, metrics), IInPlacePartStore
    {
        public IInPlacePart OpenPart(MultipartUpload upload, int partNumber) => inner.OpenPart(upload, partNumber);

        public void CutBack(MultipartUpload upload, long length) => inner.CutBack(upload, length);
    }
}
