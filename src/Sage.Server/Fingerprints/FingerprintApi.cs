using Sage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Sage.Server.Videos;

namespace Sage.Server.Fingerprints;

/// <summary>A video's fingerprint: run it again, cancel it. Its state is part of the video's JSON.</summary>
public static class FingerprintApi
{
    public static RouteGroupBuilder MapFingerprints(this RouteGroupBuilder videos)
    {
        videos.MapPost("/{id:guid}/fingerprint", RerunAsync)
            .WithName("RerunFingerprint")
            .RequireAuthorization(SageRoles.Uploader)
            .WithSummary("Computes the video's frame-level fingerprint again (202); 409 for a video that cannot be read.");
        videos.MapPost("/{id:guid}/fingerprint/cancel", CancelAsync)
            .WithName("CancelFingerprint")
            .RequireAuthorization(SageRoles.Uploader)
            .WithSummary("Stops the fingerprint now (ffmpeg is killed); 409 when nothing is running.");
        return videos;
    }

    private static async Task<Results<Accepted<FingerprintSummary>, ProblemHttpResult>> RerunAsync(
        Guid id, VideoCatalog videos, FingerprintCatalog fingerprints, FingerprintPipeline pipeline, CancellationToken cancellationToken)
    {
        var video = await videos.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (video is null)
        {
            return VideosApi.VideoNotFound(id);
        }

        if (video.Status == VideoStatus.Failed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The video cannot be fingerprinted",
                detail: "The video could not be read, so it cannot be fingerprinted.");
        }

        await pipeline.RerunAsync(video, cancellationToken).ConfigureAwait(false);
        var state = await fingerprints.FindAsync(id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Accepted($"/api/videos/{id}", FingerprintSummary.From(state)!);
    }

    private static async Task<Results<Ok<FingerprintSummary>, ProblemHttpResult>> CancelAsync(
        Guid id, VideoCatalog videos, FingerprintCatalog fingerprints, FingerprintPipeline pipeline, CancellationToken cancellationToken)
    {
        if (await videos.FindAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return VideosApi.VideoNotFound(id);
        }

        if (!await pipeline.CancelAsync(id, cancellationToken).ConfigureAwait(false))
        {
            var state = await fingerprints.FindAsync(id, cancellationToken).ConfigureAwait(false);
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to cancel",
                detail: $"The fingerprint of video {id} is {state?.Status ?? "absent"}; only pending or processing fingerprints can be cancelled.");
        }

        return TypedResults.Ok(FingerprintSummary.From(await fingerprints.FindAsync(id, cancellationToken).ConfigureAwait(false))!);
    }
}
