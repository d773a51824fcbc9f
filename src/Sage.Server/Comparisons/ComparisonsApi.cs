using Sage.Server.Auth;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Sage.Core.Comparison;
using Sage.Server.Infrastructure;
using Sage.Server.Videos;

namespace Sage.Server.Comparisons;

/// <summary>Compare two videos, read a stored comparison (JSON or CSV), list comparisons of a video.</summary>
public static class ComparisonsApi
{
    public static RouteGroupBuilder MapComparisons(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/comparisons").WithTags("Comparisons").RequireAuthorization(SageRoles.Viewer);

        group.MapPost("/", CreateAsync)
            .WithName("CreateComparison")
            .RequireRateLimiting(RateLimits.Comparison)
            .WithSummary("Compares two videos whose embeddings are ready; stores and returns the result.")
            .Accepts<ComparisonRequest>("application/json")
            .DisableAntiforgery();
        group.MapGet("/", ListAsync)
            .WithName("ListComparisons")
            .WithSummary("Stored comparisons, newest first; ?video={id} for those involving one video.");
        group.MapGet("/{id}", GetAsync)
            .WithName("GetComparison")
            .WithSummary("A stored comparison; ?format=csv for its regions as CSV.");

        group.MapMethods("/{id:guid}/regions/{index:int}/difference", [HttpMethods.Get, HttpMethods.Head], GetDifferenceAsync)
            .WithName("GetRegionDifferenceImage")
            .WithSummary("A changed region's difference image (JPEG): A's frame, B's frame and |A − B| highlighted, side by side.")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapLegacyCompare();
        return group;
    }

    /// <summary>The body is read here rather than bound, so a malformed body or a wrong type is a 400 that says where.</summary>
    private static async Task<Results<Created<ComparisonResponse>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, VideoComparisons comparisons, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "JSON expected",
                detail: "Send the comparison request as application/json.");
        }

        ComparisonRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<ComparisonRequest>(ComparisonStore.Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException malformed)
        {
            return BadRequest("Malformed comparison request", malformed.Path is { Length: > 0 } path
                ? $"The value at {path} is not valid: {malformed.Message}"
                : $"The body is not valid JSON: {malformed.Message}");
        }

        if (body is null)
        {
            return BadRequest("Malformed comparison request", "The body must be a JSON object.");
        }

        if (body.VideoA is not { } videoA || body.VideoB is not { } videoB)
        {
            return BadRequest("Missing video", "Both videoA and videoB are required (video ids).");
        }

        ComparisonMode? mode = null;
        if (body.Mode is not null)
        {
            if (!TryParseMode(body.Mode, out var parsed))
            {
                return BadRequest("Invalid comparison options", $"mode must be \"aligned\" or \"index\"; got \"{body.Mode}\".");
            }

            mode = parsed;
        }

        var (comparison, problem) = await comparisons.CreateAsync(videoA, videoB, mode, body.Threshold, body.Weights, cancellationToken).ConfigureAwait(false);
        return problem is not null ? problem.ToResult() : TypedResults.Created($"/api/comparisons/{comparison!.Id}", comparison);
    }

    private static async Task<Results<Ok<ComparisonResponse>, FileContentHttpResult, ProblemHttpResult>> GetAsync(
        string id, string? format, ComparisonStore store, CancellationToken cancellationToken)
    {
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && format is not null && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return BadRequest("Unknown format", $"format must be json or csv; got \"{format}\".");
        }

        var comparison = Guid.TryParse(id, out var guid) ? await store.FindAsync(guid, cancellationToken).ConfigureAwait(false) : null;
        if (comparison is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Comparison not found", detail: $"There is no comparison with id {id}.");
        }

        return csv
            ? TypedResults.File(Encoding.UTF8.GetBytes(ComparisonCsv.Write(comparison)), "text/csv; charset=utf-8", $"comparison-{comparison.Id}.csv")
            : TypedResults.Ok(comparison);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetDifferenceAsync(
        Guid id, int index, DifferenceImages images, HttpContext context, CancellationToken cancellationToken)
    {
        var image = await images.RenderAsync(id, index, cancellationToken).ConfigureAwait(false);
        if (image.Problem is not null)
        {
            return image.Problem.ToResult();
        }

        // A stored comparison never changes, so neither does its picture.
        context.Response.Headers.CacheControl = "private, max-age=86400";
        SecurityHeaders.ForMedia(context.Response, $"difference-{index}.jpg");
        return TypedResults.File(image.Jpeg!.Value.ToArray(), "image/jpeg");
    }

    private static async Task<Results<Ok<IReadOnlyList<ComparisonSummary>>, ProblemHttpResult>> ListAsync(
        string? video, ComparisonStore store, VideoCatalog videos, CancellationToken cancellationToken)
    {
        Guid? videoId = null;
        if (video is not null)
        {
            if (!Guid.TryParse(video, out var parsed))
            {
                return BadRequest("Invalid video id", $"video must be a video id; got \"{video}\".");
            }

            if (await videos.FindAsync(parsed, cancellationToken).ConfigureAwait(false) is null)
            {
                return VideosApi.VideoNotFound(parsed);
            }

            videoId = parsed;
        }

        return TypedResults.Ok(await store.ListAsync(videoId, cancellationToken).ConfigureAwait(false));
    }

    internal static bool TryParseMode(string value, out ComparisonMode mode)
    {
        switch (value.Trim().ToLowerInvariant())
        {
            case "aligned":
                mode = ComparisonMode.Aligned;
                return true;
            case "index":
                mode = ComparisonMode.Index;
                return true;
            default:
                mode = default;
                return false;
        }
    }

    private static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);
}
