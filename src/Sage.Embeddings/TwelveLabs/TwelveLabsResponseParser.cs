using System.Globalization;
using System.Text.Json;
using Sage.Core.Embeddings;

namespace Sage.Embeddings.TwelveLabs;

/// <summary>
/// Reads TwelveLabs' JSON by hand: unknown fields are ignored, <c>_id</c> and <c>id</c> both work,
/// numbers may come as strings, and the three error shapes (v1, v2, empty) all parse.
/// </summary>
internal static class TwelveLabsResponseParser
{
    public static string ReadTaskId(JsonElement root) =>
        ReadString(root, "_id") ?? ReadString(root, "id") ?? throw TwelveLabsException.Unusable("TwelveLabs created a task but its answer has no task id.");

    /// <summary><c>GET /embed/tasks/{id}/status</c> or <c>GET /embed/tasks/{id}</c> (v1).</summary>
    public static TwelveLabsTask ReadV1Task(JsonElement root, string fallbackId)
    {
        var id = ReadString(root, "_id") ?? ReadString(root, "id") ?? fallbackId;
        var status = ReadString(root, "status") ?? TwelveLabsTask.Processing;
        double? duration = null;
        List<TwelveLabsSegment>? segments = null;
        if (root.TryGetProperty("video_embedding", out var embedding) && embedding.ValueKind == JsonValueKind.Object)
        {
            if (embedding.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
            {
                duration = ReadDouble(metadata, "duration");
            }

            if (embedding.TryGetProperty("segments", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                segments = new List<TwelveLabsSegment>(list.GetArrayLength());
                foreach (var item in list.EnumerateArray())
                {
                    segments.Add(new TwelveLabsSegment(
                        ReadDouble(item, "start_offset_sec") ?? 0,
                        ReadDouble(item, "end_offset_sec") ?? 0,
                        ReadString(item, "embedding_scope") ?? EmbeddingScope.Clip,
                        ReadString(item, "embedding_option"),
                        ReadVector(item, "float")));
                }
            }
        }

        return new TwelveLabsTask(id, status, duration, segments, ReadFailure(root));
    }

    /// <summary><c>GET /embed-v2/tasks/{id}</c>: "asset" becomes "video", "embedding" the vector, "start_sec" the start.</summary>
    public static TwelveLabsTask ReadV2Task(JsonElement root, string fallbackId)
    {
        var id = ReadString(root, "_id") ?? ReadString(root, "id") ?? fallbackId;
        var status = ReadString(root, "status") ?? TwelveLabsTask.Processing;
        double? duration = null;
        if (root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
        {
            duration = ReadDouble(metadata, "duration");
        }

        List<TwelveLabsSegment>? segments = null;
        if (root.TryGetProperty("data", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            segments = new List<TwelveLabsSegment>(list.GetArrayLength());
            foreach (var item in list.EnumerateArray())
            {
                var scope = ReadString(item, "embedding_scope") ?? EmbeddingScope.Clip;
                segments.Add(new TwelveLabsSegment(
                    ReadDouble(item, "start_sec") ?? 0,
                    ReadDouble(item, "end_sec") ?? duration ?? 0,
                    string.Equals(scope, "asset", StringComparison.OrdinalIgnoreCase) ? EmbeddingScope.Video : scope,
                    ReadString(item, "embedding_option"),
                    ReadVector(item, "embedding")));
            }
        }

        return new TwelveLabsTask(id, status, duration, segments, ReadFailure(root));
    }

    /// <summary>(code, message) from a v1 <c>{code,message}</c>, a v2 <c>{error:{code,message}}</c>, or nothing from an empty or non-JSON body.</summary>
    public static (string? Code, string? Message) ReadError(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return (ReadString(error, "code"), ReadString(error, "message"));
            }

            return (ReadString(root, "code"), ReadString(root, "message") ?? ReadString(root, "error"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>A failed task's reason: v2's <c>error.message</c>; v1 documents none, so a few likely names are tried.</summary>
    private static string? ReadFailure(JsonElement root)
    {
        if (root.TryGetProperty("error", out var error))
        {
            if (error.ValueKind == JsonValueKind.Object)
            {
                return ReadString(error, "message");
            }

            if (error.ValueKind == JsonValueKind.String)
            {
                return error.GetString();
            }
        }

        return ReadString(root, "error_message") ?? ReadString(root, "message") ?? ReadString(root, "failure_reason");
    }

    private static string? ReadString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static double? ReadDouble(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    private static float[] ReadVector(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var vector = new float[array.GetArrayLength()];
        var i = 0;
        foreach (var component in array.EnumerateArray())
        {
            vector[i++] = component.ValueKind == JsonValueKind.Number ? (float)component.GetDouble() : float.NaN;
        }

        return vector;
    }
}
