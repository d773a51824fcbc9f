using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Sage.Tests.TwelveLabs;

/// <summary>Embed API v1: <c>/embed/tasks</c>.</summary>
public sealed partial class FakeTwelveLabsServer
{
    private async Task CreateV1Async(HttpContext context)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            await ErrorAsync(context, 400, "parameter_invalid", "The request must be multipart/form-data.", false).ConfigureAwait(false);
            return;
        }

        var fields = new List<(string Name, string Value)>();
        string? fileName = null;
        string? fileSha256 = null;
        long fileBytes = 0;
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        while (await reader.ReadNextSectionAsync(context.RequestAborted).ConfigureAwait(false) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                await ErrorAsync(context, 400, "parameter_invalid", "A multipart section has no Content-Disposition.", false).ConfigureAwait(false);
                return;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (disposition.IsFileDisposition())
            {
                if (name != "video_file")
                {
                    await ErrorAsync(context, 400, "parameter_invalid", $"Unexpected file field '{name}'.", false).ConfigureAwait(false);
                    return;
                }

                fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? disposition.FileNameStar.Value;
                (fileSha256, fileBytes) = await HashAsync(section.Body, context.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                using var text = new StreamReader(section.Body);
                fields.Add((name, await text.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false)));
            }
        }

        string? Field(string name) => fields.Where(f => f.Name == name).Select(f => f.Value).LastOrDefault();

        var model = Field("model_name");
        if (string.IsNullOrWhiteSpace(model))
        {
            await ErrorAsync(context, 400, "parameter_not_provided", "The model_name parameter is required.", false).ConfigureAwait(false);
            return;
        }

        if (!(model == "marengo3.0" || (AcceptRetiredMarengo27 && model == "Marengo-retrieval-2.7")))
        {
            await ErrorAsync(context, 400, "parameter_invalid", $"The model_name parameter is invalid: '{model}'.", false).ConfigureAwait(false);
            return;
        }

        var clipLength = 6.0;
        if (Field("video_clip_length") is { } clipText
            && (!double.TryParse(clipText, NumberStyles.Float, CultureInfo.InvariantCulture, out clipLength) || clipLength < 2 || clipLength > 10))
        {
            await ErrorAsync(context, 400, "parameter_invalid", "The video_clip_length parameter must be a number between 2 and 10.", false).ConfigureAwait(false);
            return;
        }

        // The scope field is repeated, one value per part; a list in one value is refused like the real service does.
        var scopes = fields.Where(f => f.Name == "video_embedding_scope").Select(f => f.Value).ToList();
        if (scopes.Any(s => s is not ("clip" or "video")) || scopes.Distinct().Count() != scopes.Count)
        {
            await ErrorAsync(context, 400, "parameter_invalid", "The video_embedding_scope parameter is invalid. Send 'clip' and/or 'video', each as its own field.", false).ConfigureAwait(false);
            return;
        }

        if (scopes.Count == 0)
        {
            scopes.Add("clip");
        }

        if (scopes.Contains("video") && !scopes.Contains("clip"))
        {
            await ErrorAsync(context, 400, "parameter_invalid", "The video_embedding_scope 'video' must be sent together with 'clip'.", false).ConfigureAwait(false);
            return;
        }

        Uri? url = null;
        if (Field("video_url") is { Length: > 0 } urlText)
        {
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out url))
            {
                await ErrorAsync(context, 400, "parameter_invalid", "The video_url parameter is not a URL.", false).ConfigureAwait(false);
                return;
            }

            // The URL wins over a file, as documented; fetch it like the real service would.
            var downloaded = await DownloadAsync(url, context.RequestAborted).ConfigureAwait(false);
            if (downloaded.Error is { } error)
            {
                await ErrorAsync(context, 400, "parameter_invalid", $"The video_url could not be downloaded: {error}", false).ConfigureAwait(false);
                return;
            }

            (fileSha256, fileBytes) = (downloaded.Sha256, downloaded.Bytes);
            fileName = null;
        }
        else if (fileSha256 is null)
        {
            await ErrorAsync(context, 400, "parameter_not_provided", "Either video_url or video_file must be provided.", false).ConfigureAwait(false);
            return;
        }

        var task = NewTask(null, 1, model, clipLength, scopes, url, fileName, fileSha256, request.ContentLength, fileBytes, null);
        Register(task);
        await JsonAsync(context, 200, writer => WriteId(writer, task.Id)).ConfigureAwait(false);
    }

    private async Task StatusV1Async(HttpContext context, string taskId)
    {
        if (!_tasks.TryGetValue(taskId, out var task))
        {
            await UnknownV1TaskAsync(context, taskId).ConfigureAwait(false);
            return;
        }

        task.CountPoll();
        var status = task.Status(DateTimeOffset.UtcNow);
        await JsonAsync(context, 200, writer =>
        {
            WriteId(writer, task.Id);
            writer.WriteString("model_name", task.Model);
            writer.WriteString("status", status);
            if (status == "failed" && V1StatusIncludesFailureReason)
            {
                writer.WriteStartObject("error");
                writer.WriteString("message", task.FailureMessage);
                writer.WriteEndObject();
            }

            writer.WriteStartObject("video_embedding");
            WriteV1Metadata(writer, task);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private async Task RetrieveV1Async(HttpContext context, string taskId)
    {
        if (!_tasks.TryGetValue(taskId, out var task))
        {
            await UnknownV1TaskAsync(context, taskId).ConfigureAwait(false);
            return;
        }

        var wanted = context.Request.Query["embedding_option"].Where(o => !string.IsNullOrEmpty(o)).Select(o => o!).ToHashSet(StringComparer.Ordinal);
        var status = task.Status(DateTimeOffset.UtcNow);
        await JsonAsync(context, 200, writer =>
        {
            WriteId(writer, task.Id);
            writer.WriteString("model_name", task.Model);
            writer.WriteString("status", status);
            writer.WriteString("created_at", Iso(task.CreatedAt));
            writer.WriteString("updated_at", Iso(DateTimeOffset.UtcNow));
            writer.WriteStartObject("video_embedding");
            WriteV1Metadata(writer, task);
            if (status == "ready")
            {
                writer.WriteStartArray("segments");
                var options = task.Options.Where(o => wanted.Count == 0 || wanted.Contains(o)).ToList();
                foreach (var (index, start, end) in Clips(task))
                {
                    // Options interleaved clip by clip: a client has to group them itself.
                    foreach (var option in options.Where(o => task.HasClip(o, start, end)))
                    {
                        WriteV1Segment(writer, Vector(task, index, option), start, end, "clip", option);
                    }
                }

                if (task.Scopes.Contains("video"))
                {
                    foreach (var option in options)
                    {
                        WriteV1Segment(writer, Vector(task, -1, option), 0, task.DurationSeconds, "video", option);
                    }
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>The v1 task operations document only 400 errors: an unknown id is 400 resource_not_exist.</summary>
    private Task UnknownV1TaskAsync(HttpContext context, string taskId) =>
        ErrorAsync(context, V1UnknownTaskAnswers404 ? 404 : 400, "resource_not_exist", $"The embedding task {taskId} does not exist.", false);

    private async Task ListV1Async(HttpContext context)
    {
        var page = int.TryParse(context.Request.Query["page"], out var p) && p > 0 ? p : 1;
        var limit = int.TryParse(context.Request.Query["page_limit"], out var l) && l > 0 ? l : 10;
        if (limit > 50)
        {
            await ErrorAsync(context, 400, "parameter_invalid", "The page_limit parameter must be at most 50.", false).ConfigureAwait(false);
            return;
        }

        var all = _tasks.Values.Where(t => t.ApiVersion == 1).OrderByDescending(t => t.CreatedAt).ToList();
        var now = DateTimeOffset.UtcNow;
        await JsonAsync(context, 200, writer =>
        {
            writer.WriteStartArray("data");
            foreach (var task in all.Skip((page - 1) * limit).Take(limit))
            {
                writer.WriteStartObject();
                WriteId(writer, task.Id);
                writer.WriteString("model_name", task.Model);
                writer.WriteString("status", task.Status(now));
                writer.WriteString("created_at", Iso(task.CreatedAt));
                writer.WriteString("updated_at", Iso(now));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("page_info");
            writer.WriteNumber("limit_per_page", limit);
            writer.WriteNumber("page", page);
            writer.WriteNumber("total_page", Math.Max(1, (all.Count + limit - 1) / limit));
            writer.WriteNumber("total_results", all.Count);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static void WriteV1Metadata(Utf8JsonWriter writer, FakeEmbedTask task)
    {
        writer.WriteStartObject("metadata");
        writer.WriteNumber("duration", task.DurationSeconds);
        writer.WriteNumber("video_clip_length", task.ClipLength);
        writer.WriteStartArray("video_embedding_scope");
        foreach (var scope in task.Scopes)
        {
            writer.WriteStringValue(scope);
        }

        writer.WriteEndArray();
        if (task.VideoUrl is not null)
        {
            writer.WriteString("input_url", task.VideoUrl.AbsoluteUri);
        }
        else
        {
            writer.WriteString("input_filename", task.VideoFileName);
        }

        writer.WriteEndObject();
    }

    private void WriteV1Segment(Utf8JsonWriter writer, float[] vector, double start, double end, string scope, string option)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("float");
        foreach (var component in vector)
        {
            writer.WriteNumberValue(component);
        }

        writer.WriteEndArray();
        writer.WriteNumber("start_offset_sec", start);
        writer.WriteNumber("end_offset_sec", end);
        writer.WriteString("embedding_scope", scope);
        if (!OmitEmbeddingOption)
        {
            writer.WriteString("embedding_option", option);
        }

        writer.WriteEndObject();
    }

    private static async Task<(string Sha256, long Bytes)> HashAsync(Stream body, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), total);
    }

    private async Task<(string? Sha256, long Bytes, string? Error)> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _downloader.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (null, 0, $"HTTP {(int)response.StatusCode}");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var (sha, bytes) = await HashAsync(stream, cancellationToken).ConfigureAwait(false);
            return (sha, bytes, null);
        }
        catch (HttpRequestException e)
        {
            return (null, 0, e.Message);
        }
    }
}
