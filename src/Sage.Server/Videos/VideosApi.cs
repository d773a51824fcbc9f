using System.Security.Claims;
using Sage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Sage.Server.Fingerprints;
using Sage.Server.Proxies;
using Sage.Server.Jobs;
using Sage.Server.Uploads;

namespace Sage.Server.Videos;

public static class VideosApi
{
    public static RouteGroupBuilder MapVideos(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/videos").WithTags("Videos").RequireAuthorization(SageRoles.Viewer);

        group.MapPost("/", FormUploadEndpoint.HandleAsync)
            .WithName("UploadVideo")
            .RequireAuthorization(SageRoles.Uploader)
            .RequireRateLimiting(RateLimits.UploadCreation)
            .WithSummary("Upload a video as multipart/form-data (field 'file'), streamed into storage.")
            .DisableAntiforgery()
            .DocumentsVideoFormUpload()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/", ListAsync).WithName("ListVideos");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetVideo");
        group.MapMethods("/{id:guid}/content", [HttpMethods.Get, HttpMethods.Head], VideoContent.GetAsync)
            .WithName("GetVideoContent")
            .WithSummary("The video's bytes, with HTTP Range support.");
        group.MapMethods("/{id:guid}/playback", [HttpMethods.Get, HttpMethods.Head], VideoContent.GetPlaybackAsync)
            .WithName("GetVideoPlayback")
            .WithSummary("What a player loads: the web-playable proxy when one is ready, else the original; with HTTP Range support.");
        group.MapMethods("/{id:guid}/thumbnail", [HttpMethods.Get, HttpMethods.Head], VideoContent.GetThumbnailAsync).WithName("GetVideoThumbnail");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteVideo").RequireAuthorization(SageRoles.Uploader);
        group.MapEmbeddings();
        group.MapFingerprints();
        group.MapProxies();
        return group;
    }

    private static async Task<Ok<VideoResponse[]>> ListAsync(VideoCatalog catalog, EmbeddingCatalog embeddings, CancellationToken cancellationToken)
    {
        var videos = await catalog.ListAsync(cancellationToken).ConfigureAwait(false);
        var states = await embeddings.ListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(videos.Select(v => VideoResponse.From(v, states.GetValueOrDefault(v.Id))).ToArray());
    }

    private static async Task<Results<Ok<VideoResponse>, ProblemHttpResult>> GetAsync(Guid id, VideoCatalog catalog, EmbeddingCatalog embeddings, CancellationToken cancellationToken)
    {
        var video = await catalog.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (video is null)
        {
            return VideoNotFound(id);
        }

        var embedding = await embeddings.FindAsync(id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(VideoResponse.From(video, embedding));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal user, VideoCatalog catalog, VideoPipeline pipeline, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } video)
        {
            return VideoNotFound(id);
        }

        if (!VideoOwnership.MayDelete(user, video))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Not your video",
                detail: "An uploader may delete only the videos its own token uploaded; an admin may delete any video.");
        }

        return await pipeline.DeleteVideoAsync(id, cancellationToken).ConfigureAwait(false) ? TypedResults.NoContent() : VideoNotFound(id);
    }

    public static ProblemHttpResult VideoNotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Video not found", detail: $"There is no video with id {id}.");
}
