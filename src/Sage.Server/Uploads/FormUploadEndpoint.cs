using Sage.Server.Auth;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Sage.Server.Jobs;
using Sage.Server.Videos;

namespace Sage.Server.Uploads;

/// <summary>
/// multipart/form-data uploads with a <c>file</c> field, read section by section with
/// <see cref="MultipartReader"/>: no IFormFile buffering and no temporary file.
/// </summary>
public static partial class FormUploadEndpoint
{
    /// <summary>Headers and boundaries around the file; anything beyond the limit plus this is refused up front.</summary>
    private const long MultipartOverheadBytes = 1024 * 1024;

    public const string FileFieldName = "file";

    private const int MultipartBufferSize = 256 * 1024;

    /// <summary>Reads the request and ingests its <c>file</c> field; throws <see cref="UploadRejectedException"/> on bad input.</summary>
    public static async Task<Video> ReceiveAsync(HttpContext context, VideoIngest ingest, SageOptions options, EmbeddingPreference? preference, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var maxBody = options.MaxUploadBytes + MultipartOverheadBytes;
        if (request.ContentLength > maxBody)
        {
            throw UploadRejectedException.TooLarge(options.MaxUploadBytes);
        }

        // Lift Kestrel's 30 MB default on this route only, to the configured maximum.
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = maxBody;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, "Not a form upload", "Send the video as multipart/form-data with a field named 'file'.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
        {
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, "Not a form upload", "The multipart/form-data boundary is missing or too long.");
        }

        // The default 4 KiB buffer makes a read (and a boundary scan) per 4 KiB: a quarter of a million per GiB.
        var reader = new MultipartReader(boundary, request.Body, MultipartBufferSize);
        while (await ReadSectionAsync(reader, cancellationToken).ConfigureAwait(false) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                !disposition.DispositionType.Equals("form-data") ||
                !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, FileFieldName, StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value
                ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
            return await ingest.IngestAsync(new FileFieldStream(section.Body), fileName, section.ContentType, preference, context.User.TokenId(), cancellationToken).ConfigureAwait(false);
        }

        throw new UploadRejectedException(StatusCodes.Status400BadRequest, "No file", "The form has no field named 'file'.");
    }

    private static async Task<MultipartSection?> ReadSectionAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, "Malformed form", ex.Message);
        }
        catch (IOException ex) when (EndsEarly(ex))
        {
            throw EndedEarly();
        }
    }

    /// <summary>MultipartReader's way of saying the body ended before the form's closing boundary.</summary>
    private static bool EndsEarly(IOException exception) => exception.Message.Contains("Unexpected end", StringComparison.OrdinalIgnoreCase);

    private static UploadRejectedException EndedEarly() => new(
        StatusCodes.Status400BadRequest,
        "Malformed form",
        "The body ended before the form's closing boundary (a Content-Length shorter than the form, or a form cut off); nothing was kept.");

    /// <summary>
    /// The file field's bytes, as the ingest reads them: a body that ends before the closing boundary is the client's
    /// fault (400), not a failure of the server.
    /// </summary>
    private sealed class FileFieldStream(Stream inner) : Sage.Storage.ReadOnlyStream
    {
        public override long BytesRead => _read;

        private long _read;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                _read += read;
                return read;
            }
            catch (IOException ex) when (EndsEarly(ex))
            {
                throw EndedEarly();
            }
        }
    }

    /// <summary>POST /api/videos.</summary>
    /// <param name="engine">Optional: the embedding engine for this video (default: the configured one).</param>
    /// <param name="clipLength">Optional: seconds per clip, 2 to 10 (default 2).</param>
    public static async Task<Results<Created<VideoResponse>, ProblemHttpResult>> HandleAsync(
        HttpContext context, VideoIngest ingest, VideoPipeline pipeline, EmbeddingCatalog embeddings, IOptions<SageOptions> options, string? engine, double? clipLength)
    {
        var preference = new EmbeddingPreference(engine, clipLength);
        if (pipeline.Validate(preference) is { } problem)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid embedding settings", detail: problem);
        }

        try
        {
            var video = await ReceiveAsync(context, ingest, options.Value, preference, context.RequestAborted).ConfigureAwait(false);
            var embedding = await embeddings.FindAsync(video.Id, CancellationToken.None).ConfigureAwait(false);
            return TypedResults.Created($"/api/videos/{video.Id}", VideoResponse.From(video, embedding));
        }
        catch (UploadRejectedException rejected)
        {
            return rejected.ToProblem();
        }
    }

    public static ProblemHttpResult ToProblem(this UploadRejectedException rejected) =>
        TypedResults.Problem(statusCode: rejected.StatusCode, title: rejected.Title, detail: rejected.Message);
}
