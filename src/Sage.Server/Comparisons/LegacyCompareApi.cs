using Sage.Server.Auth;
using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Sage.Core.Comparison;

namespace Sage.Server.Comparisons;

/// <summary>One differing segment, in video 1's seconds.</summary>
public sealed record LegacyDifference(
    [property: JsonPropertyName("start_sec")] double StartSec,
    [property: JsonPropertyName("end_sec")] double EndSec,
    [property: JsonPropertyName("distance")] double Distance);

/// <summary>How much longer one video is: what the original reported as fake differences with distance 999999.</summary>
/// <param name="Longer">"video1" or "video2".</param>
public sealed record LegacyLengthDifference(
    [property: JsonPropertyName("longer")] string Longer,
    [property: JsonPropertyName("extra_segments")] int ExtraSegments,
    [property: JsonPropertyName("extra_seconds")] double ExtraSeconds);

/// <summary>The original SAGE's comparison answer, field for field, plus <c>length_difference</c>.</summary>
/// <param name="TotalSegments">Segments of the longer video (the original iterated over the longer list).</param>
/// <param name="DifferingSegments">Paired segments above the threshold (the length difference is not counted here).</param>
public sealed record LegacyCompareResponse(
    [property: JsonPropertyName("filename1")] string FileName1,
    [property: JsonPropertyName("filename2")] string FileName2,
    [property: JsonPropertyName("differences")] IReadOnlyList<LegacyDifference> Differences,
    [property: JsonPropertyName("total_segments")] int TotalSegments,
    [property: JsonPropertyName("differing_segments")] int DifferingSegments,
    [property: JsonPropertyName("threshold_used")] double ThresholdUsed,
    [property: JsonPropertyName("length_difference")] LegacyLengthDifference? LengthDifference);

/// <summary>
/// POST /compare-local-videos for clients of the original: segment i against segment i (index mode), times of video 1.
/// Unlike the original it answers 4xx for the caller's mistakes (it answered 500), and reports a length difference as
/// such instead of appending segments with the distance 999999.
/// </summary>
public static class LegacyCompareApi
{
    /// <summary>The original's default.</summary>
    private const double DefaultThreshold = 0.1;

    public static IEndpointRouteBuilder MapLegacyCompare(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/compare-local-videos", HandleAsync)
            .WithTags("Legacy")
            .WithName("CompareLocalVideosLegacy")
            .RequireAuthorization(SageRoles.Viewer)
            .RequireRateLimiting(RateLimits.Comparison)
            .WithSummary("The original SAGE's naive comparison (segment i with segment i); embedding ids are video ids.")
            .DisableAntiforgery();
        return routes;
    }

    private static async Task<Results<Ok<LegacyCompareResponse>, ProblemHttpResult>> HandleAsync(
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "embedding_id1")] string? embeddingId1,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "embedding_id2")] string? embeddingId2,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "threshold")] string? threshold,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "distance_metric")] string? distanceMetric,
        VideoComparisons comparisons,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(embeddingId1) || string.IsNullOrWhiteSpace(embeddingId2))
        {
            return Problem(StatusCodes.Status400BadRequest, "Missing embedding id", "Both embedding_id1 and embedding_id2 are required.");
        }

        var used = DefaultThreshold;
        if (threshold is not null &&
            (!double.TryParse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out used) || !double.IsFinite(used) || used <= 0 || used > 2))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid threshold", $"threshold must be a cosine distance greater than 0 and at most 2; got \"{threshold}\".");
        }

        if (distanceMetric is not null && !string.Equals(distanceMetric, "cosine", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status400BadRequest, "Unsupported distance metric", $"Only distance_metric=cosine is supported; got \"{distanceMetric}\".");
        }

        // An id that is not a GUID names no embedding here: not found, as an unknown GUID is.
        if (!Guid.TryParse(embeddingId1, out var id1))
        {
            return Problem(StatusCodes.Status404NotFound, "Embedding not found", $"embedding_id1: there is no embedding with id {embeddingId1}.");
        }

        if (!Guid.TryParse(embeddingId2, out var id2))
        {
            return Problem(StatusCodes.Status404NotFound, "Embedding not found", $"embedding_id2: there is no embedding with id {embeddingId2}.");
        }

        var attempt = await comparisons.CompareAsync(id1, "embedding_id1", id2, "embedding_id2", ComparisonMode.Index, used, null, cancellationToken).ConfigureAwait(false);
        if (attempt.Problem is not null)
        {
            return attempt.Problem.ToResult();
        }

        var result = attempt.Result!;
        var differences = result.Steps
            .Where(s => s.Kind == RegionKind.Changed)
            .Select(s => new LegacyDifference(Math.Round(s.AStart, 3), Math.Round(s.AEnd, 3), Math.Round(s.Distance!.Value, 6)))
            .ToList();
        var onlyA = result.Steps.Count(s => s.Kind == RegionKind.Removed);
        var onlyB = result.Steps.Count(s => s.Kind == RegionKind.Inserted);
        var lengthDifference = onlyA > 0
            ? new LegacyLengthDifference("video1", onlyA, Math.Round(result.Statistics.SecondsRemoved, 3))
            : onlyB > 0 ? new LegacyLengthDifference("video2", onlyB, Math.Round(result.Statistics.SecondsInserted, 3)) : null;
        return TypedResults.Ok(new LegacyCompareResponse(
            attempt.A!.Video.FileName,
            attempt.B!.Video.FileName,
            differences,
            result.Steps.Count,
            differences.Count,
            used,
            lengthDifference));
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
