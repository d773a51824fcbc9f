using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Sage.Cli.Tus;

/// <summary>
/// A small tus 1.0.0 client: creation, creation-with-upload, HEAD-based resume, checksum (sha256),
/// termination. 409 (offset mismatch) re-reads the offset; 423 (locked by another request) and
/// network or 5xx failures retry with backoff, as tus-js-client does (0, 1, 3, 5 s).
/// </summary>
public sealed class TusClient(HttpClient http)
{
    public const string Version = "1.0.0";
    private const string OffsetOctetStream = "application/offset+octet-stream";

    /// <summary>tus-js-client's default retryDelays.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5)];

    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } = DefaultRetryDelays;

    /// <summary>Creates an upload; with <paramref name="firstChunk"/>, its bytes go in the same request (creation-with-upload).</summary>
    public async Task<TusCreated> CreateAsync(Uri endpoint, long length, IReadOnlyDictionary<string, string> metadata, ReadOnlyMemory<byte> firstChunk, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetryAsync(() =>
        {
            var request = Request(HttpMethod.Post, endpoint);
            request.Headers.Add("Upload-Length", length.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("Upload-Metadata", EncodeMetadata(metadata));
            if (!firstChunk.IsEmpty)
            {
                request.Content = Chunk(firstChunk);
            }

            return request;
        }, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var location = response.Headers.Location ?? throw new TusException(response.StatusCode, "No Location", "The server created an upload but did not say where.");
        return new TusCreated(location.IsAbsoluteUri ? location : new Uri(endpoint, location), ParseOffset(response) ?? 0, VideoId(response));
    }

    /// <summary>The server's offset for the upload (HEAD), or null when the upload is gone (404, 410).</summary>
    public async Task<long?> GetOffsetAsync(Uri upload, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetryAsync(() => Request(HttpMethod.Head, upload), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone or HttpStatusCode.Forbidden)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return ParseOffset(response) ?? throw new TusException(response.StatusCode, "No Upload-Offset", "The server's HEAD answer has no Upload-Offset.");
    }

    /// <summary>Appends one chunk at <paramref name="offset"/>, with its SHA-256 for the server to check; returns the new offset.</summary>
    public async Task<TusPatched> PatchAsync(Uri upload, long offset, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetryAsync(() =>
        {
            var request = Request(HttpMethod.Patch, upload);
            request.Headers.Add("Upload-Offset", offset.ToString(CultureInfo.InvariantCulture));
            request.Content = Chunk(chunk);
            return request;
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return new TusPatched(null, null);
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return new TusPatched(ParseOffset(response), VideoId(response));
    }

    /// <summary>Termination: ends the upload and removes what was stored.</summary>
    public async Task TerminateAsync(Uri upload, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetryAsync(() => Request(HttpMethod.Delete, upload), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Gone))
        {
            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends <paramref name="file"/> from the server's offset to its end, in chunks. A 409 re-reads the offset
    /// (another writer or a lost answer moved it) and goes on from there.
    /// </summary>
    public async Task<Guid?> UploadFromOffsetAsync(Uri upload, Stream file, long offset, int chunkSize, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            Guid? videoId = null;
            var conflicts = 0;
            while (offset < file.Length)
            {
                file.Position = offset;
                var read = await file.ReadAtLeastAsync(buffer.AsMemory(0, chunkSize), chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                var patched = await PatchAsync(upload, offset, buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                if (patched.Offset is not { } next)
                {
                    if (++conflicts > RetryDelays.Count)
                    {
                        throw new TusException(HttpStatusCode.Conflict, "Offset keeps moving", "The server's offset changed on every try; is another upload of this file running?");
                    }

                    offset = await GetOffsetAsync(upload, cancellationToken).ConfigureAwait(false)
                        ?? throw new TusException(HttpStatusCode.Gone, "Upload gone", "The server no longer has this upload.");
                    progress?.Report(offset);
                    continue;
                }

                conflicts = 0;
                offset = next;
                videoId = patched.VideoId ?? videoId;
                progress?.Report(offset);
            }

            return videoId;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Network failures, 5xx and 423 are retried after each delay; the request is rebuilt for every try.</summary>
    private async Task<HttpResponseMessage> SendWithRetryAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = build();
            try
            {
                var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if (attempt >= RetryDelays.Count || !IsRetryable(response.StatusCode))
                {
                    return response;
                }

                response.Dispose();
            }
            catch (HttpRequestException) when (attempt < RetryDelays.Count)
            {
                // Connection refused or reset: wait, then try again.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested && attempt < RetryDelays.Count)
            {
                // HttpClient's own timeout.
            }

            await Task.Delay(RetryDelays[attempt], cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsRetryable(HttpStatusCode status) =>
        status == HttpStatusCode.Locked || status == HttpStatusCode.TooManyRequests || ((int)status >= 500 && status != HttpStatusCode.NotImplemented);

    private static HttpRequestMessage Request(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Add("Tus-Resumable", Version);
        return request;
    }

    private static ReadOnlyMemoryContent Chunk(ReadOnlyMemory<byte> bytes)
    {
        var content = new ReadOnlyMemoryContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(OffsetOctetStream);
        content.Headers.Add("Upload-Checksum", "sha256 " + Convert.ToBase64String(SHA256.HashData(bytes.Span)));
        return content;
    }

    private static string EncodeMetadata(IReadOnlyDictionary<string, string> metadata) =>
        string.Join(',', metadata.Select(m => m.Key + " " + Convert.ToBase64String(Encoding.UTF8.GetBytes(m.Value))));

    private static long? ParseOffset(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Upload-Offset", out var values) &&
        long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset : null;

    private static Guid? VideoId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Sage-Video-Id", out var values) && Guid.TryParse(values.FirstOrDefault(), out var id) ? id : null;

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var problem = await Problem.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            throw new TusException(response.StatusCode, problem.Title, problem.Detail);
        }
    }
}

public sealed record TusCreated(Uri Location, long Offset, Guid? VideoId);

/// <summary>Offset null: the server answered 409, the client's offset was wrong.</summary>
public sealed record TusPatched(long? Offset, Guid? VideoId);
