using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Sage.Server.Jobs;
using Sage.Server.Videos;
using Sage.Storage;

namespace Sage.Server.Uploads;

/// <summary>
/// Turns one streamed upload body into a stored video: checks the declared type and the first
/// bytes, streams the rest into the object store through the multipart uploader (hashing as it
/// goes), then records the video. Nothing is kept when any step fails.
/// </summary>
public sealed partial class VideoIngest(
    MultipartUploader uploader,
    IObjectStore store,
    VideoPipeline pipeline,
    IOptions<SageOptions> options,
    TimeProvider time,
    UploadMetrics metrics,
    ILogger<VideoIngest> logger)
{
    private const int MaxDisplayNameLength = 255;

    public async Task<Video> IngestAsync(Stream body, string? fileName, string? declaredContentType, EmbeddingPreference? preference, string? ownerTokenId, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var (video, parts) = await StoreAsync(body, fileName, declaredContentType, preference, ownerTokenId, cancellationToken).ConfigureAwait(false);
            metrics.Request(UploadRoute.Form, store.Provider, video.Size, UploadOutcome.Completed);
            metrics.Completed(UploadRoute.Form, store.Provider, video.Size, parts, time.GetElapsedTime(started));
            return video;
        }
        catch (Exception e)
        {
            var outcome = e switch
            {
                UploadRejectedException => UploadOutcome.Rejected,
                OperationCanceledException when cancellationToken.IsCancellationRequested => UploadOutcome.Aborted,
                _ => UploadOutcome.Failed,
            };
            metrics.Request(UploadRoute.Form, store.Provider, 0, outcome);
            metrics.Ended(UploadRoute.Form, store.Provider, outcome, time.GetElapsedTime(started));
            throw;
        }
    }

    private async Task<(Video Video, int Parts)> StoreAsync(
        Stream body, string? fileName, string? declaredContentType, EmbeddingPreference? preference, string? ownerTokenId, CancellationToken cancellationToken)
    {
        var displayName = DisplayName(fileName);
        _ = VideoContentType.Resolve(declaredContentType, displayName)
            ?? throw UploadRejectedException.NotAVideoType(declaredContentType);

        var prefix = new byte[ContainerSignature.PrefixLength];
        var prefixLength = await body.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (prefixLength == 0)
        {
            throw UploadRejectedException.Empty();
        }

        var container = ContainerSignature.Detect(prefix.AsSpan(0, prefixLength)) ?? throw UploadRejectedException.UnknownContainer();
        var contentType = VideoContentType.ForContainer(container);

        var id = Guid.CreateVersion7();
        var key = ObjectKeys.ForVideo(id, displayName);
        var createdAt = time.GetUtcNow();
        var maxBytes = options.Value.MaxUploadBytes;
        LogIngestStarted(id, displayName, contentType, container);

        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var hashing = new OffloadedHash(sha256);
        await using var source = new VerifyingReadStream(prefix.AsMemory(0, prefixLength), body, maxBytes, hashing, () => UploadRejectedException.TooLarge(maxBytes));
        var stored = await uploader.UploadAsync(source, key, new ObjectMetadata(displayName, contentType, createdAt), declaredLength: null, cancellationToken).ConfigureAwait(false);

        // The object is stored: from here on nothing may stop the video being recorded, or else its object removed.
        try
        {
            await hashing.FinishAsync(CancellationToken.None).ConfigureAwait(false);
            var video = new Video(id, displayName, contentType, source.BytesRead, Convert.ToHexStringLower(sha256.GetHashAndReset()), key, createdAt, VideoStatus.Uploaded, Error: null,
                OwnerTokenId: ownerTokenId);
            return (await pipeline.AddVideoAsync(video, preference, CancellationToken.None).ConfigureAwait(false), stored.Parts);
        }
        catch
        {
            await store.DeleteObjectAsync(key, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The name shown to people: the last path segment, without control characters, at most 255 characters.</summary>
    public static string DisplayName(string? fileName)
    {
        var name = fileName ?? string.Empty;
        var slash = name.LastIndexOfAny(['/', '\\']);
        if (slash >= 0)
        {
            name = name[(slash + 1)..];
        }

        name = new string(name.Where(c => !char.IsControl(c) && !IsBidiControl(c)).ToArray()).Trim();
        if (name.Length > MaxDisplayNameLength)
        {
            var extension = Path.GetExtension(name);
            extension = extension.Length is > 0 and <= 16 ? extension : string.Empty;
            name = name[..(MaxDisplayNameLength - extension.Length)] + extension;
        }

        return name.Length == 0 || name is "." or ".." ? "video" : name;
    }

    /// <summary>Bidi embeddings, overrides, isolates and marks: a right-to-left override makes "exe.mp4" look like "4pm.exe".</summary>
    public static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Receiving video {VideoId}: {FileName} ({ContentType}, {Container})")]
    private partial void LogIngestStarted(Guid videoId, string fileName, string contentType, string container);
}
