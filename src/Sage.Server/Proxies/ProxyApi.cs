using Microsoft.AspNetCore.Http.HttpResults;
using Sage.Server.Auth;
using Sage.Server.Videos;

namespace Sage.Server.Proxies;

/// <summary>A video's proxy: make it again, cancel it. Its state is part of the video's JSON; its bytes are /playback.</summary>
public static class ProxyApi
{
    public static RouteGroupBuilder MapProxies(this RouteGroupBuilder videos)
    {
        videos.MapPost("/{id:guid}/proxy", RerunAsync)
            .RequireAuthorization(SageRoles.Uploader)
            .WithName("RerunProxy")
            .WithSummary("Makes the video's web-playable proxy again (202), whatever Sage:Proxies:Mode says; 409 for a video not probed or unreadable.");
        videos.MapPost("/{id:guid}/proxy/cancel", CancelAsync)
            .RequireAuthorization(SageRoles.Uploader)
            .WithName("CancelProxy")
            .WithSummary("Stops the proxy now (ffmpeg is killed); 409 when nothing is running.");
        return videos;
    }

    private static async Task<Results<Accepted<ProxySummary>, ProblemHttpResult>> RerunAsync(
        Guid id, VideoCatalog videos, ProxyCatalog proxies, ProxyPipeline pipeline, CancellationToken cancellationToken)
    {
        var video = await videos.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (video is null)
        {
            return VideosApi.VideoNotFound(id);
        }

        if (video.Status != VideoStatus.Ready || video.Probe is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The video cannot get a proxy yet",
                detail: video.Status == VideoStatus.Failed ? $"The video cannot be read: {video.Error}" : "The video has not been probed yet; its proxy is decided then.");
        }

        await pipeline.RerunAsync(video, cancellationToken).ConfigureAwait(false);
        var state = await proxies.FindAsync(id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Accepted($"/api/videos/{id}", ProxySummary.From(state)!);
    }

    private static async Task<Results<Ok<ProxySummary>, ProblemHttpResult>> CancelAsync(
        Guid id, VideoCatalog videos, ProxyCatalog proxies, ProxyPipeline pipeline, CancellationToken cancellationToken)
    {
        if (await videos.FindAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return VideosApi.VideoNotFound(id);
        }

        if (!await pipeline.CancelAsync(id, cancellationToken).ConfigureAwait(false))
        {
            var state = await proxies.FindAsync(id, cancellationToken).ConfigureAwait(false);
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to cancel",
                detail: $"The proxy of video {id} is {state?.Status ?? "absent"}; only pending or processing proxies can be cancelled.");
        }

        return TypedResults.Ok(ProxySummary.From(await proxies.FindAsync(id, cancellationToken).ConfigureAwait(false))!);
    }
}
