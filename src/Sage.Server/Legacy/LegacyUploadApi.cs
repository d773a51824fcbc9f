using Sage.Server.Auth;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sage.Server.Uploads;

namespace Sage.Server.Legacy;

/// <summary>The original SAGE's upload answer, field for field.</summary>
public sealed record LegacyUploadResponse(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("filename")] string FileName,
    [property: JsonPropertyName("video_id")] Guid VideoId,
    [property: JsonPropertyName("embedding_id")] Guid EmbeddingId,
    [property: JsonPropertyName("status")] string Status);

/// <summary>
/// POST /upload-and-generate-embeddings, for clients of the original. Errors are problem+json,
/// whose <c>detail</c> member is also where the original put its message.
/// The embedding id is the video id: SAGE keeps one embedding per video.
/// </summary>
public static class LegacyUploadApi
{
    public static IEndpointRouteBuilder MapLegacyUpload(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/upload-and-generate-embeddings", HandleAsync)
            .WithTags("Legacy")
            .RequireAuthorization(SageRoles.Uploader)
            .RequireRateLimiting(RateLimits.UploadCreation)
            .DisableAntiforgery()
            .DocumentsVideoFormUpload();
        return routes;
    }

    private static async Task<Results<Ok<LegacyUploadResponse>, ProblemHttpResult>> HandleAsync(
        HttpContext context, VideoIngest ingest, IOptions<SageOptions> options)
    {
        try
        {
            var video = await FormUploadEndpoint.ReceiveAsync(context, ingest, options.Value, preference: null, context.RequestAborted).ConfigureAwait(false);
            return TypedResults.Ok(new LegacyUploadResponse(
                "Video uploaded successfully; embedding queued", video.FileName, video.Id, video.Id, "processing"));
        }
        catch (UploadRejectedException rejected)
        {
            // The original answered every non-video with 400 "File must be a video".
            return rejected.StatusCode == StatusCodes.Status415UnsupportedMediaType
                ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: rejected.Title, detail: "File must be a video. " + rejected.Message)
                : rejected.ToProblem();
        }
    }
}
