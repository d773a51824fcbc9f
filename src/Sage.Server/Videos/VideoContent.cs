using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Sage.Server.Infrastructure;
using Sage.Server.Uploads;
using Sage.Storage;

namespace Sage.Server.Videos;

/// <summary>
/// Streams a video from any store with single-range support (what video elements ask for).
/// A request for several ranges gets the whole object, which RFC 9110 allows.
/// </summary>
public static class VideoContent
{
    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext context, VideoCatalog catalog, IObjectStore store, CancellationToken cancellationToken)
    {
        var video = await catalog.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (video is null)
        {
            return VideosApi.VideoNotFound(id);
        }

        return await ServeOriginalAsync(context, store, video, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the players load: the proxy when it is ready, else the original.</summary>
    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> GetPlaybackAsync(
        Guid id, HttpContext context, VideoCatalog catalog, IObjectStore store, CancellationToken cancellationToken)
    {
        var video = await catalog.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (video is null)
        {
            return VideosApi.VideoNotFound(id);
        }

        context.Response.Headers["X-Sage-Playback"] = video.ReadyProxy is null ? "original" : "proxy";
        return video.ReadyProxy is { } proxy
            ? await ServeAsync(context, store, proxy.Key, proxy.Size, Proxies.ProxyObjects.ContentType, $"\"{video.Sha256}-proxy-{proxy.Size}\"", Path.ChangeExtension(video.FileName, ".mp4"), cancellationToken).ConfigureAwait(false)
            : await ServeOriginalAsync(context, store, video, cancellationToken).ConfigureAwait(false);
    }

    // Never the stored text as such: rows from before the type came from the bytes may hold what a client sent.
    private static Task<Results<EmptyHttpResult, ProblemHttpResult>> ServeOriginalAsync(HttpContext context, IObjectStore store, Video video, CancellationToken cancellationToken) =>
        ServeAsync(context, store, video.StorageKey, video.Size, VideoContentType.ForServing(video.ContentType, video.FileName), $"\"{video.Sha256}\"", video.FileName, cancellationToken);

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ServeAsync(
        HttpContext context, IObjectStore store, string key, long size, string contentType, string etag, string fileName, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = etag;
        response.ContentType = contentType;
        SecurityHeaders.ForMedia(response, fileName);

        ByteRange? range = null;
        var rangeHeader = context.Request.GetTypedHeaders().Range;
        if (rangeHeader is { Ranges.Count: 1 } && rangeHeader.Unit.Equals("bytes", StringComparison.OrdinalIgnoreCase))
        {
            range = Resolve(rangeHeader.Ranges.First(), size);
            if (range is null)
            {
                response.Headers.ContentRange = $"bytes */{size}";
                return TypedResults.Problem(statusCode: StatusCodes.Status416RangeNotSatisfiable, title: "Range not satisfiable",
                    detail: $"The video has {size} bytes.");
            }
        }

        if (range is { } r)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = new ContentRangeHeaderValue(r.From, r.To, size).ToString();
            response.ContentLength = r.Length;
        }
        else
        {
            response.ContentLength = size;
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            return TypedResults.Empty;
        }

        await using var content = await store.OpenReadAsync(key, range, cancellationToken).ConfigureAwait(false);
        await content.CopyToAsync(response.Body, 81920, cancellationToken).ConfigureAwait(false);
        return TypedResults.Empty;
    }

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> GetThumbnailAsync(
        Guid id, HttpContext context, VideoCatalog catalog, IObjectStore store, CancellationToken cancellationToken)
    {
        var video = await catalog.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (video is null)
        {
            return VideosApi.VideoNotFound(id);
        }

        if (video.ThumbnailKey is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No thumbnail yet",
                detail: video.Status == VideoStatus.Failed ? $"The video cannot be read: {video.Error}" : "The thumbnail has not been made yet.");
        }

        var stored = await store.GetObjectAsync(video.ThumbnailKey, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No thumbnail", detail: "The thumbnail is missing from storage.");
        }

        context.Response.ContentType = "image/jpeg";
        context.Response.ContentLength = stored.Size;
        context.Response.Headers.CacheControl = "private, max-age=3600";
        SecurityHeaders.ForMedia(context.Response, Path.GetFileNameWithoutExtension(video.FileName) + ".jpg");
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return TypedResults.Empty;
        }

        await using var content = await store.OpenReadAsync(video.ThumbnailKey, null, cancellationToken).ConfigureAwait(false);
        await content.CopyToAsync(context.Response.Body, cancellationToken).ConfigureAwait(false);
        return TypedResults.Empty;
    }

    private static ByteRange? Resolve(RangeItemHeaderValue item, long size)
    {
        if (size == 0)
        {
            return null;
        }

        if (item.From is null)
        {
            // bytes=-N: the last N bytes.
            var suffix = item.To ?? 0;
            return suffix <= 0 ? null : new ByteRange(Math.Max(0, size - suffix), size - 1);
        }

        var from = item.From.Value;
        if (from >= size)
        {
            return null;
        }

        var to = Math.Min(item.To ?? (size - 1), size - 1);
        return to < from ? null : new ByteRange(from, to);
    }
}
