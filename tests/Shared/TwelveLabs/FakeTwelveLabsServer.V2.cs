using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sage.Tests.TwelveLabs;

/// <summary>Embed API v2: <c>/embed-v2/tasks</c> (JSON in, 202 on create, 404 <c>{"error":{...}}</c> for unknown ids).</summary>
public sealed partial class FakeTwelveLabsServer
{
    private async Task CreateV2Async(HttpContext context)
    {
        if (context.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(context, 400, "parameter_invalid", "The request must be application/json.", true).ConfigureAwait(false);
            return;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await ErrorAsync(context, 400, "parameter_invalid", "The request body is not valid JSON.", true).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (Str(root, "input_type") != "video")
            {
                await ErrorAsync(context, 400, "parameter_invalid", "input_type must be 'video' here.", true).ConfigureAwait(false);
                return;
            }

            if (Str(root, "model_name") is not "marengo3.0")
            {
                await ErrorAsync(context, 400, "parameter_invalid", "model_name must be 'marengo3.0'.", true).ConfigureAwait(false);
                return;
            }

            if (!root.TryGetProperty("video", out var video) || !video.TryGetProperty("media_source", out var source)
                || Str(source, "url") is not { } urlText || !Uri.TryCreate(urlText, UriKind.Absolute, out var url))
            {
                await ErrorAsync(context, 400, "parameter_invalid", "video.media_source.url is required (this fake takes URLs only).", true).ConfigureAwait(false);
                return;
            }

            var clipLength = 6.0;
            if (video.TryGetProperty("segmentation", out var segmentation))
            {
                if (Str(segmentation, "strategy") != "fixed"
                    || !segmentation.TryGetProperty("fixed", out var fixedSegments)
                    || !fixedSegments.TryGetProperty("duration_sec", out var durationSec)
                    || durationSec.ValueKind != JsonValueKind.Number
                    || !durationSec.TryGetInt32(out var whole) || whole < 1 || whole > 10)
                {
                    await ErrorAsync(context, 400, "parameter_invalid", "segmentation must be {strategy:'fixed', fixed:{duration_sec: 1..10 (integer)}}.", true).ConfigureAwait(false);
                    return;
                }

                clipLength = whole;
            }

            var scopes = Strings(video, "embedding_scope") ?? ["clip", "asset"];
            if (scopes.Any(s => s is not ("clip" or "asset")))
            {
                await ErrorAsync(context, 400, "parameter_invalid", "embedding_scope values are 'clip' and 'asset'.", true).ConfigureAwait(false);
                return;
            }

            var options = Strings(video, "embedding_option");
            if (options is not null && options.Any(o => o is not ("visual" or "audio" or "transcription")))
            {
                await ErrorAsync(context, 400, "parameter_invalid", "embedding_option values are 'visual', 'audio' and 'transcription'.", true).ConfigureAwait(false);
                return;
            }

            var downloaded = await DownloadAsync(url, context.RequestAborted).ConfigureAwait(false);
            if (downloaded.Error is { } error)
            {
                await ErrorAsync(context, 400, "parameter_invalid", $"The media could not be downloaded: {error}", true).ConfigureAwait(false);
                return;
            }

            var v1Scopes = scopes.Select(s => s == "asset" ? "video" : s).ToList();
            var task = NewTask(null, 2, "marengo3.0", clipLength, v1Scopes, url, null, downloaded.Sha256, context.Request.ContentLength, downloaded.Bytes, options);
            Register(task);
            await JsonAsync(context, 202, writer =>
            {
                WriteId(writer, task.Id);
                writer.WriteString("status", "processing");
                writer.WriteNull("data");
            }).ConfigureAwait(false);
        }
    }

    private async Task GetV2Async(HttpContext context, string taskId)
    {
        if (!_tasks.TryGetValue(taskId, out var task) || task.ApiVersion != 2)
        {
            await ErrorAsync(context, 404, "resource_not_exist", $"The embedding task {taskId} does not exist.", true).ConfigureAwait(false);
            return;
        }

        task.CountPoll();
        var now = DateTimeOffset.UtcNow;
        var status = task.Status(now);
        await JsonAsync(context, 200, writer =>
        {
            WriteId(writer, task.Id);
            writer.WriteString("status", status);
            writer.WriteString("created_at", Iso(task.CreatedAt));
            writer.WriteString("updated_at", Iso(now));
            if (status == "ready")
            {
                writer.WriteStartArray("data");
                foreach (var (index, start, end) in Clips(task))
                {
                    foreach (var option in task.Options.Where(o => task.HasClip(o, start, end)))
                    {
                        WriteV2Segment(writer, Vector(task, index, option), start, end, "clip", option);
                    }
                }

                if (task.Scopes.Contains("video"))
                {
                    foreach (var option in task.Options)
                    {
                        WriteV2Segment(writer, Vector(task, -1, option), 0, task.DurationSeconds, "asset", option);
                    }
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteNull("data");
            }

            writer.WriteStartObject("metadata");
            writer.WriteString("input_type", "video");
            if (task.VideoUrl is not null)
            {
                writer.WriteString("input_url", task.VideoUrl.AbsoluteUri);
            }

            writer.WriteNumber("clip_length", (int)task.ClipLength);
            writer.WriteStartArray("embedding_scopes");
            foreach (var scope in task.Scopes)
            {
                writer.WriteStringValue(scope == "video" ? "asset" : scope);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("embedding_options");
            foreach (var option in task.Options)
            {
                writer.WriteStringValue(option);
            }

            writer.WriteEndArray();
            writer.WriteNumber("duration", task.DurationSeconds);
            writer.WriteEndObject();
            if (status == "failed")
            {
                writer.WriteStartObject("error");
                writer.WriteString("message", task.FailureMessage);
                writer.WriteEndObject();
            }
        }).ConfigureAwait(false);
    }

    private void WriteV2Segment(Utf8JsonWriter writer, float[] vector, double start, double end, string scope, string option)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("embedding");
        foreach (var component in vector)
        {
            writer.WriteNumberValue(component);
        }

        writer.WriteEndArray();
        if (!OmitEmbeddingOption)
        {
            writer.WriteString("embedding_option", option);
        }

        writer.WriteString("embedding_scope", scope);
        writer.WriteNumber("start_sec", start);
        writer.WriteNumber("end_sec", end);
        writer.WriteEndObject();
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string>? Strings(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString() ?? "").ToList()
            : null;
}
