using Sage.Server.Uploads;
using Sage.Server.Infrastructure;
using Sage.Server.Auth;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Sage.Server.Data;
using Sage.Server.Health;
using Sage.Server.Jobs;
using Sage.Server.Videos;
using Sage.Storage;

namespace Sage.Server.Legacy;

public sealed record LegacyVideoStatus(
    [property: JsonPropertyName("video_id")] Guid VideoId,
    [property: JsonPropertyName("filename")] string FileName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("embedding_status")] string EmbeddingStatus,
    [property: JsonPropertyName("duration")] double? Duration,
    [property: JsonPropertyName("upload_timestamp")] DateTimeOffset UploadTimestamp);

public sealed record LegacyEmbeddingStatus(
    [property: JsonPropertyName("embedding_id")] Guid EmbeddingId,
    [property: JsonPropertyName("filename")] string FileName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("duration")] double? Duration,
    [property: JsonPropertyName("completed_at")] DateTimeOffset? CompletedAt,
    [property: JsonPropertyName("error")] string? Error);

public sealed record LegacyMessage([property: JsonPropertyName("message")] string Message);

public sealed record LegacyVideoUrl([property: JsonPropertyName("video_url")] string VideoUrl);

public sealed record LegacyHealth(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("uptime_seconds")] double UptimeSeconds,
    [property: JsonPropertyName("database_status")] string DatabaseStatus,
    [property: JsonPropertyName("storage_status")] string StorageStatus,
    [property: JsonPropertyName("storage_provider")] string StorageProvider);

/// <summary>
/// The original SAGE's status routes, field for field. The embedding id is the video id. The
/// original's embedding statuses are kept: <c>ready</c> is reported as <c>completed</c>.
/// Errors are problem+json, whose <c>detail</c> is where the original put its message.
/// </summary>
public static class LegacyStatusApi
{
    public static IEndpointRouteBuilder MapLegacyStatus(this IEndpointRouteBuilder routes)
    {
        var legacy = routes.MapGroup("").WithTags("Legacy").RequireAuthorization(SageRoles.Viewer);
        legacy.MapGet("/video-status/{video_id}", VideoStatusAsync);
        legacy.MapGet("/embedding-status/{embedding_id}", EmbeddingStatusAsync);
        legacy.MapPost("/cancel-embedding-task/{embedding_id}", CancelAsync).RequireAuthorization(SageRoles.Uploader);
        legacy.MapGet("/serve-video/{video_id}", ServeVideoAsync);
        legacy.MapGet("/health", HealthAsync).AllowAnonymous();
        return routes;
    }

    private static string LegacyEmbedding(string? status) => status switch
    {
        null => "pending",
        StepStatus.Ready => "completed",
        _ => status,
    };

    private static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: $"{what} {id} not found");

    private static async Task<Results<Ok<LegacyVideoStatus>, ProblemHttpResult>> VideoStatusAsync(
        string video_id, VideoCatalog videos, EmbeddingCatalog embeddings, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(video_id, out var id) || await videos.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } video)
        {
            return NotFound("Video", video_id);
        }

        var embedding = await embeddings.FindAsync(id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new LegacyVideoStatus(id, video.FileName, video.Status, LegacyEmbedding(embedding?.Status), video.Probe?.DurationSeconds, video.CreatedAt));
    }

    private static async Task<Results<Ok<LegacyEmbeddingStatus>, ProblemHttpResult>> EmbeddingStatusAsync(
        string embedding_id, VideoCatalog videos, EmbeddingCatalog embeddings, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(embedding_id, out var id) || await videos.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } video)
        {
            return NotFound("Embedding", embedding_id);
        }

        var embedding = await embeddings.FindAsync(id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new LegacyEmbeddingStatus(id, video.FileName, LegacyEmbedding(embedding?.Status), video.Probe?.DurationSeconds, embedding?.CompletedAt, embedding?.Error));
    }

    private static async Task<Results<Ok<LegacyMessage>, ProblemHttpResult>> CancelAsync(
        string embedding_id, VideoCatalog videos, EmbeddingCatalog embeddings, VideoPipeline pipeline, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(embedding_id, out var id) || await videos.FindAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound("Embedding", embedding_id);
        }

        if (!await pipeline.CancelEmbeddingAsync(id, cancellationToken).ConfigureAwait(false))
        {
            var state = await embeddings.FindAsync(id, cancellationToken).ConfigureAwait(false);
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to cancel",
                detail: $"Embedding {embedding_id} is {LegacyEmbedding(state?.Status)} and cannot be cancelled");
        }

        return TypedResults.Ok(new LegacyMessage($"Embedding task {embedding_id} cancelled"));
    }

    private static async Task<Results<Ok<LegacyVideoUrl>, ProblemHttpResult>> ServeVideoAsync(
        string video_id, HttpContext context, VideoCatalog videos, IObjectStore store, Microsoft.Extensions.Options.IOptions<StorageOptions> storage, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(video_id, out var id) || await videos.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } video)
        {
            return NotFound("Video", video_id);
        }

        // The object's own type may be what a tus client declared; the URL is answered with the sniffed one.
        var served = new PresignedResponse(
            VideoContentType.ForServing(video.ContentType, video.FileName), SecurityHeaders.ContentDisposition(video.FileName));
        var presigned = await store.GetPresignedReadUrlAsync(video.StorageKey, storage.Value.S3.PresignedUrlExpiry, served, cancellationToken).ConfigureAwait(false);
        var url = presigned?.AbsoluteUri ?? $"{context.Request.Scheme}://{context.Request.Host}/api/videos/{id}/content";
        return TypedResults.Ok(new LegacyVideoUrl(url));
    }

    private static async Task<Results<Ok<LegacyHealth>, JsonHttpResult<LegacyHealth>>> HealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService checks, IObjectStore store, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var report = await HealthApi.CheckAsync(checks, store, loggers.CreateLogger("Sage.Server.Health"), cancellationToken).ConfigureAwait(false);
        var legacy = new LegacyHealth(report.Status, report.Version, report.UptimeSeconds,
            report.Database.Ok ? "connected" : "unreachable", report.Storage.Ok ? "connected" : "unreachable", report.StorageProvider);
        return report.Status == "healthy" ? TypedResults.Ok(legacy) : TypedResults.Json(legacy, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
