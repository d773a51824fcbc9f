using System.Collections.Concurrent;

namespace Sage.Storage.Tests;

/// <summary>
/// Forwards every call to a real store, recording the multipart uploads it creates and, when asked,
/// slowing or failing part uploads before they reach the store.
/// </summary>
internal sealed class InstrumentedObjectStore(IObjectStore inner) : IObjectStore
{
    private readonly ConcurrentDictionary<int, int> _attemptsByPart = new();

    public ConcurrentQueue<MultipartUpload> CreatedUploads { get; } = new();

    /// <summary>Runs before each part attempt (part number, 1-based attempt); may delay or throw.</summary>
    public Func<int, int, CancellationToken, Task>? BeforePart { get; set; }

    public int AttemptsForPart(int partNumber) => _attemptsByPart.GetValueOrDefault(partNumber);

    public string Provider => inner.Provider;

    public async Task<MultipartUpload> CreateMultipartUploadAsync(string key, ObjectMetadata metadata, long partSize, CancellationToken cancellationToken)
    {
        var upload = await inner.CreateMultipartUploadAsync(key, metadata, partSize, cancellationToken);
        CreatedUploads.Enqueue(upload);
        return upload;
    }

    public async Task<UploadedPart> UploadPartAsync(MultipartUpload upload, int partNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var attempt = _attemptsByPart.AddOrUpdate(partNumber, 1, (_, a) => a + 1);
        if (BeforePart is { } before)
        {
            await before(partNumber, attempt, cancellationToken);
        }

        return await inner.UploadPartAsync(upload, partNumber, content, cancellationToken);
    }

    public Task CompleteMultipartUploadAsync(MultipartUpload upload, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken) =>
        inner.CompleteMultipartUploadAsync(upload, parts, cancellationToken);

    public Task AbortMultipartUploadAsync(MultipartUpload upload, CancellationToken cancellationToken) =>
        inner.AbortMultipartUploadAsync(upload, cancellationToken);

    public Task PutObjectAsync(string key, Stream content, ObjectMetadata metadata, CancellationToken cancellationToken) =>
        inner.PutObjectAsync(key, content, metadata, cancellationToken);

    public Task<StoredObject?> GetObjectAsync(string key, CancellationToken cancellationToken) => inner.GetObjectAsync(key, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, ByteRange? range, CancellationToken cancellationToken) =>
        inner.OpenReadAsync(key, range, cancellationToken);

    public Task DeleteObjectAsync(string key, CancellationToken cancellationToken) => inner.DeleteObjectAsync(key, cancellationToken);

    public Task<Uri?> GetPresignedReadUrlAsync(string key, TimeSpan expiresIn, PresignedResponse? response, CancellationToken cancellationToken) =>
        inner.GetPresignedReadUrlAsync(key, expiresIn, response, cancellationToken);

    public Task CheckHealthAsync(CancellationToken cancellationToken) => inner.CheckHealthAsync(cancellationToken);
}
