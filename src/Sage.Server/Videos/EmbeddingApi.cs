using Sage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Sage.Server.Jobs;

namespace Sage.Server.Videos;

public sealed record SegmentResponse(double Start, double End, string Scope, string Option, float[]? Vector);

public sealed record EmbeddingResponse(Guid VideoId, EmbeddingSummary Embedding, IReadOnlyList<string> Options, int SegmentCount, IReadOnlyList<SegmentResponse> Segments);

/// <param name="Engine">"local" or "twelvelabs"; null for the default.</param>
/// <param name="ClipLength">Seconds per clip, 2 to 10; null for 2.</param>
public sealed record RerunEmbeddingRequest(string? Engine, double? ClipLength);

/// <summary>A video's embedding: read it, cancel it, run it again.</summary>
public static class EmbeddingApi
{
    public static RouteGroupBuilder MapEmbeddings(this RouteGroupBuilder videos)
    {
        videos.MapGet("/{id:guid}/embedding", GetAsync)
            .WithName("GetEmbedding")
            .WithSummary("The embedding's metadata and segments; vectors only with ?vectors=true.");
        videos.MapPost("/{id:guid}/embedding/cancel", CancelAsync)
            .WithName("CancelEmbedding")
            .RequireAuthorization(SageRoles.Uploader)
            .WithSummary("Stops the embedding now (ffmpeg is killed); 409 when nothing is running.");
        videos.MapPost("/{id:guid}/embedding", RerunAsync)
            .WithName("RerunEmbedding")
            .RequireAuthorization(SageRoles.Uploader)
            .WithSummary("Runs the embedding again, optionally with another engine or clip length.");
        return videos;
    }

    private static async Task<Results<Ok<EmbeddingResponse>, ProblemHttpResult>> GetAsync(
        Guid id, bool? vectors, VideoCatalog videos, EmbeddingCatalog embeddings, CancellationToken cancellationToken)
    {
        if (await videos.FindAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return VideosApi.VideoNotFound(id);
        }

        var state = await embeddings.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No embedding", detail: $"Video {id} has no embedding.");
        }

        var set = await embeddings.LoadSetAsync(id, cancellationToken).ConfigureAwait(false);
        var segments = set?.Segments.Select(s => new SegmentResponse(s.Start, s.End, s.Scope, s.Option, vectors == true ? s.Vector : null)).ToList() ?? [];
        var options = set?.Segments.Select(s => s.Option).Distinct().Order(StringComparer.Ordinal).ToList() ?? [];
        return TypedResults.Ok(new EmbeddingResponse(id, EmbeddingSummary.From(state)!, options, segments.Count, segments));
    }

    private static async Task<Results<Ok<EmbeddingSummary>, ProblemHttpResult>> CancelAsync(
        Guid id, VideoCatalog videos, EmbeddingCatalog embeddings, VideoPipeline pipeline, CancellationToken cancellationToken)
    {
        if (await videos.FindAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return VideosApi.VideoNotFound(id);
        }

        if (!await pipeline.CancelEmbeddingAsync(id, cancellationToken).ConfigureAwait(false))
        {
            var state = await embeddings.FindAsync(id, cancellationToken).ConfigureAwait(false);
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to cancel",
                detail: $"The embedding of video {id} is {state?.Status ?? "absent"}; only pending or processing embeddings can be cancelled.");
        }

        return TypedResults.Ok(EmbeddingSummary.From(await embeddings.FindAsync(id, cancellationToken).ConfigureAwait(false))!);
    }

    private static async Task<Results<Accepted<EmbeddingSummary>, ProblemHttpResult>> RerunAsync(
        Guid id, RerunEmbeddingRequest? request, EmbeddingCatalog embeddings, VideoPipeline pipeline, CancellationToken cancellationToken)
    {
        var preference = new EmbeddingPreference(request?.Engine, request?.ClipLength);
        if (pipeline.Validate(preference) is { } problem)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid embedding settings", detail: problem);
        }

        switch (await pipeline.RerunEmbeddingAsync(id, preference, cancellationToken).ConfigureAwait(false))
        {
            case RerunOutcome.VideoNotFound:
                return VideosApi.VideoNotFound(id);
            case RerunOutcome.VideoUnusable:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The video cannot be embedded",
                    detail: "The video could not be read, so it cannot be embedded.");
            default:
                var state = await embeddings.FindAsync(id, cancellationToken).ConfigureAwait(false);
                return TypedResults.Accepted($"/api/videos/{id}/embedding", EmbeddingSummary.From(state)!);
        }
    }
}
