using Sage.Server.Auth;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Sage.Storage;

namespace Sage.Server.Uploads.Tus;

/// <summary>
/// tus 1.0.0 at /api/uploads: OPTIONS, POST (creation, creation-with-upload, defer-length), HEAD,
/// PATCH (checksum), DELETE (termination), POST with X-HTTP-Method-Override; plus GET /api/uploads/{id}
/// as JSON. Handlers parse headers, call <see cref="TusUploads"/> once, and map the outcome.
/// </summary>
public static class TusApi
{
    public const string Route = "/api/uploads";

    public static RouteGroupBuilder MapTus(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Route).WithTags("Uploads").RequireCors(TusCors.PolicyName).RequireAuthorization(SageRoles.Uploader);

        group.MapMethods("/", [HttpMethods.Options], Options).WithName("TusOptions").AllowAnonymous()
            .WithSummary("tus discovery: version, extensions, maximum size, checksum algorithms.");
        group.MapMethods("/{id}", [HttpMethods.Options], Options).WithName("TusUploadOptions").AllowAnonymous();

        group.MapPost("/", CreateAsync).Tus().WithName("TusCreate").RequireRateLimiting(RateLimits.UploadCreation)
            .WithSummary("tus creation (Upload-Length or Upload-Defer-Length: 1, Upload-Metadata filename/filetype); a body makes it creation-with-upload.");
        group.MapMethods("/{id}", [HttpMethods.Head], HeadAsync).Tus().WithName("TusHead")
            .WithSummary("tus: the upload's offset (Upload-Offset), length and metadata.");
        group.MapMethods("/{id}", [HttpMethods.Patch], PatchAsync).Tus().WithName("TusPatch")
            .WithSummary("tus: append application/offset+octet-stream bytes at Upload-Offset.");
        group.MapDelete("/{id}", DeleteAsync).Tus().WithName("TusTerminate")
            .WithSummary("tus termination: ends the upload and removes its stored parts.");
        group.MapPost("/{id}", OverrideAsync).Tus().WithName("TusMethodOverride")
            .WithSummary("POST with X-HTTP-Method-Override: PATCH, DELETE or HEAD.");
        group.MapGet("/{id}", StatusAsync).WithName("GetUpload")
            .WithSummary("An upload's state as JSON: offset, length, status, error, videoId, filename.");
        return group;
    }

    private static RouteHandlerBuilder Tus(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<TusResumableFilter>().DisableAntiforgery().ExcludeFromDescription();

    private static TusResponse Options(TusUploads uploads) =>
        TusResponse.Status(StatusCodes.Status200OK)
            .Header(TusHeaders.TusVersion, TusHeaders.Version)
            .Header(TusHeaders.TusExtension, TusHeaders.Extensions)
            .Header(TusHeaders.TusMaxSize, uploads.MaxSize.ToString(CultureInfo.InvariantCulture))
            .Header(TusHeaders.TusChecksumAlgorithm, TusChecksum.Algorithms);

    private static async Task<TusResponse> CreateAsync(HttpContext context, TusUploads uploads, UploadMetrics metrics, IObjectStore store)
    {
        var request = context.Request;
        TusUpload? created = null;
        try
        {
            var length = TusRequestHeaders.ParseLength(request.Headers, TusHeaders.UploadLength);
            var defer = request.Headers[TusHeaders.UploadDeferLength].ToString();
            if (length is null == (defer.Length == 0))
            {
                throw TusProtocolException.BadRequest("Send either Upload-Length or Upload-Defer-Length: 1.");
            }

            if (defer.Length > 0 && defer != "1")
            {
                throw TusProtocolException.BadRequest("Upload-Defer-Length must be 1.");
            }

            var withUpload = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
            if (withUpload && !TusRequestHeaders.IsOffsetOctetStream(request.ContentType))
            {
                throw new TusProtocolException(StatusCodes.Status415UnsupportedMediaType, "Wrong content type", $"A creation-with-upload body must be {TusHeaders.OffsetOctetStream}.");
            }

            var metadata = TusMetadata.Parse(request.Headers[TusHeaders.UploadMetadata].ToString());
            var checksum = TusChecksum.Parse(request.Headers[TusHeaders.UploadChecksum].ToString());
            created = await uploads.CreateAsync(length, metadata, context.User.TokenId(), context.RequestAborted).ConfigureAwait(false);
            var upload = created;
            if (withUpload)
            {
                LiftBodyLimit(context, uploads.MaxSize);
                upload = await uploads.WriteAsync(new TusWrite(created.Id, 0, request.ContentLength, UploadLength: null, checksum), request.Body, context.RequestAborted)
                    .ConfigureAwait(false);
            }

            Measure(metrics, store, fromOffset: 0, upload);

            return TusResponse.ForUpload(StatusCodes.Status201Created, upload).Header("Location", LocationOf(request, created.Id));
        }
        catch (Exception e) when (ToProblem(e) is { } problem)
        {
            metrics.Request(UploadRoute.Tus, store.Provider, 0, OutcomeOf(e));
            // Created, but its first bytes were refused: say where it is, so the client can resume.
            return created is null ? problem : problem.Header("Location", LocationOf(request, created.Id));
        }
    }

    private static async Task<TusResponse> HeadAsync(HttpContext context, string id, TusUploads uploads)
    {
        try
        {
            var upload = await uploads.GetAsync(ParseId(id), context.RequestAborted).ConfigureAwait(false);
            return TusResponse.ForUpload(StatusCodes.Status200OK, upload).ForHead(upload);
        }
        catch (Exception e) when (ToProblem(e) is { } problem)
        {
            return problem.ForHead(upload: null);
        }
    }

    private static async Task<TusResponse> PatchAsync(HttpContext context, string id, TusUploads uploads, UploadMetrics metrics, IObjectStore store)
    {
        var request = context.Request;
        try
        {
            var uploadId = ParseId(id);
            if (!TusRequestHeaders.IsOffsetOctetStream(request.ContentType))
            {
                throw new TusProtocolException(StatusCodes.Status415UnsupportedMediaType, "Wrong content type", $"A PATCH body must be {TusHeaders.OffsetOctetStream}.");
            }

            var offset = TusRequestHeaders.ParseLength(request.Headers, TusHeaders.UploadOffset)
                ?? throw TusProtocolException.BadRequest("A PATCH needs Upload-Offset.");
            var length = TusRequestHeaders.ParseLength(request.Headers, TusHeaders.UploadLength);
            var checksum = TusChecksum.Parse(request.Headers[TusHeaders.UploadChecksum].ToString());
            LiftBodyLimit(context, uploads.MaxSize);
            var upload = await uploads.WriteAsync(new TusWrite(uploadId, offset, request.ContentLength, length, checksum), request.Body, context.RequestAborted)
                .ConfigureAwait(false);
            Measure(metrics, store, offset, upload);
            return TusResponse.ForUpload(StatusCodes.Status204NoContent, upload);
        }
        catch (Exception e) when (ToProblem(e) is { } problem)
        {
            metrics.Request(UploadRoute.Tus, store.Provider, 0, OutcomeOf(e));
            return problem;
        }
        catch (Exception e)
        {
            metrics.Request(UploadRoute.Tus, store.Provider, 0, e is OperationCanceledException ? UploadOutcome.Aborted : UploadOutcome.Failed);
            throw;
        }
    }

    private static async Task<TusResponse> DeleteAsync(HttpContext context, string id, TusUploads uploads, UploadMetrics metrics, IObjectStore store)
    {
        try
        {
            var uploadId = ParseId(id);
            var upload = await uploads.FindAsync(uploadId, context.RequestAborted).ConfigureAwait(false);
            await uploads.TerminateAsync(uploadId, context.RequestAborted).ConfigureAwait(false);
            if (upload is not null)
            {
                metrics.Ended(UploadRoute.Tus, store.Provider, UploadOutcome.Terminated, upload.UpdatedAt - upload.CreatedAt);
            }

            return TusResponse.Status(StatusCodes.Status204NoContent);
        }
        catch (Exception e) when (ToProblem(e) is { } problem)
        {
            return problem;
        }
    }

    private static Task<TusResponse> OverrideAsync(HttpContext context, string id, TusUploads uploads, UploadMetrics metrics, IObjectStore store) =>
        context.Request.Headers[TusHeaders.HttpMethodOverride].ToString().ToUpperInvariant() switch
        {
            "PATCH" => PatchAsync(context, id, uploads, metrics, store),
            "DELETE" => DeleteAsync(context, id, uploads, metrics, store),
            "HEAD" => HeadAsync(context, id, uploads),
            _ => Task.FromResult(TusResponse.Problem(
                StatusCodes.Status405MethodNotAllowed, "Method not allowed", "POST to an upload needs X-HTTP-Method-Override: PATCH, DELETE or HEAD.")),
        };

    private static async Task<Results<Ok<TusUploadStatusResponse>, ProblemHttpResult>> StatusAsync(string id, TusUploads uploads, CancellationToken cancellationToken)
    {
        var upload = Guid.TryParse(id, CultureInfo.InvariantCulture, out var uploadId)
            ? await uploads.FindAsync(uploadId, cancellationToken).ConfigureAwait(false)
            : null;
        return upload is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Upload not found", detail: $"There is no upload with id {id}.")
            : TypedResults.Ok(TusUploadStatusResponse.From(upload));
    }

    /// <summary>One PATCH's bytes, and the whole upload when this PATCH completed it.</summary>
    private static void Measure(UploadMetrics metrics, IObjectStore store, long fromOffset, TusUpload upload)
    {
        var received = Math.Max(0, upload.UploadOffset - fromOffset);
        metrics.Request(UploadRoute.Tus, store.Provider, received, UploadOutcome.Accepted);
        if (received > 0 && upload.Status == TusUploadStatus.Completed && upload.UploadLength is { } length)
        {
            var parts = upload.PartSize > 0 ? (length + upload.PartSize - 1) / upload.PartSize : 1;
            metrics.Completed(UploadRoute.Tus, store.Provider, length, parts, upload.UpdatedAt - upload.CreatedAt);
        }
    }

    private static string OutcomeOf(Exception exception) => exception switch
    {
        TusProtocolException { StatusCode: >= 500 } => UploadOutcome.Failed,
        UploadRejectedException { StatusCode: >= 500 } => UploadOutcome.Failed,
        _ => UploadOutcome.Rejected,
    };

    /// <summary>The refusals this API answers itself; anything else is a server error for the exception handler.</summary>
    private static TusResponse? ToProblem(Exception exception) => exception switch
    {
        TusProtocolException tus => WithKnownUpload(TusResponse.Problem(tus.StatusCode, tus.Title, tus.Message), tus.Upload),
        UploadRejectedException rejected => TusResponse.Problem(rejected.StatusCode, rejected.Title, rejected.Message).UploadError(rejected.Message),
        _ => null,
    };

    private static TusResponse WithKnownUpload(TusResponse response, TusUpload? upload) => upload is null ? response : response.WithUpload(upload);

    private static Guid ParseId(string id) =>
        Guid.TryParse(id, CultureInfo.InvariantCulture, out var uploadId) ? uploadId : throw TusProtocolException.NotFound(id);

    private static string LocationOf(HttpRequest request, Guid id) =>
        string.Create(CultureInfo.InvariantCulture, $"{request.Scheme}://{request.Host}{request.PathBase}{Route}/{id:D}");

    // Kestrel's 30 MB default would cut a PATCH short; the service enforces the real limits itself.
    private static void LiftBodyLimit(HttpContext context, long maxSize)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = maxSize;
        }
    }
}
