using System.Globalization;
using System.Text.Json;

namespace Sage.Media;

/// <summary>
/// Reads the JSON of <c>ffprobe -print_format json -show_format -show_streams</c>. Pure, so it is
/// tested from saved output without running ffprobe.
/// </summary>
public static class FfprobeOutputParser
{
    /// <summary>Parses ffprobe's JSON. Throws <see cref="UnreadableMediaException"/> when it describes no usable video.</summary>
    public static VideoProbe Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new UnreadableMediaException("ffprobe returned output that is not valid JSON", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            JsonElement? video = null;
            JsonElement? audio = null;
            if (root.TryGetProperty("streams", out var streams) && streams.ValueKind == JsonValueKind.Array)
            {
                foreach (var stream in streams.EnumerateArray())
                {
                    var type = GetString(stream, "codec_type");
                    if (type == "video" && video is null && !IsAttachedPicture(stream))
                    {
                        video = stream;
                    }
                    else if (type == "audio" && audio is null)
                    {
                        audio = stream;
                    }
                }
            }

            if (video is not { } v)
            {
                throw new UnreadableMediaException("the file has no video stream");
            }

            root.TryGetProperty("format", out var format);
            var duration = GetDouble(v, "duration") is > 0 and var streamDuration
                ? streamDuration
                : GetDouble(format, "duration") ?? 0;
            if (!(duration > 0))
            {
                throw new UnreadableMediaException("the file has no known duration");
            }

            var width = GetInt(v, "width") ?? 0;
            var height = GetInt(v, "height") ?? 0;
            if (width <= 0 || height <= 0)
            {
                throw new UnreadableMediaException("the video stream has no picture size");
            }

            var rotation = GetRotation(v);
            if (rotation is 90 or 270)
            {
                (width, height) = (height, width);
            }

            var fps = ParseRate(GetString(v, "avg_frame_rate"));
            if (fps <= 0)
            {
                fps = ParseRate(GetString(v, "r_frame_rate"));
            }

            return new VideoProbe
            {
                DurationSeconds = duration,
                Width = width,
                Height = height,
                FramesPerSecond = fps,
                VideoCodec = GetString(v, "codec_name") ?? "unknown",
                AudioCodec = audio is { } a ? GetString(a, "codec_name") ?? "unknown" : null,
                Rotation = rotation,
                VideoProfile = GetString(v, "profile"),
                PixelFormat = GetString(v, "pix_fmt"),
                FieldOrder = GetString(v, "field_order"),
                FormatName = GetString(format, "format_name"),
                BitRate = GetLong(format, "bit_rate"),
            };
        }
    }

    /// <summary>Parses ffprobe's "num/den" rates ("30000/1001", "25/1"); "0/0" and junk give 0.</summary>
    public static double ParseRate(string? rate)
    {
        if (string.IsNullOrEmpty(rate))
        {
            return 0;
        }

        var slash = rate.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return double.TryParse(rate, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) && plain > 0 ? plain : 0;
        }

        if (double.TryParse(rate.AsSpan(0, slash), NumberStyles.Float, CultureInfo.InvariantCulture, out var numerator)
            && double.TryParse(rate.AsSpan(slash + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var denominator)
            && numerator > 0 && denominator > 0)
        {
            return numerator / denominator;
        }

        return 0;
    }

    // Cover art in audio files shows up as a one-frame "video" stream; it is not a video.
    private static bool IsAttachedPicture(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var disposition)
        && GetInt(disposition, "attached_pic") == 1;

    /// <summary>Display rotation in ffprobe's convention (counter-clockwise degrees), normalised to 0/90/180/270.</summary>
    private static int GetRotation(JsonElement stream)
    {
        double? degrees = null;
        if (stream.TryGetProperty("side_data_list", out var sideData) && sideData.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in sideData.EnumerateArray())
            {
                if (GetDouble(item, "rotation") is { } r)
                {
                    degrees = r;
                    break;
                }
            }
        }

        // Older ffmpeg builds report a clockwise "rotate" tag instead of the counter-clockwise matrix angle.
        if (degrees is null && stream.TryGetProperty("tags", out var tags) && GetDouble(tags, "rotate") is { } clockwise)
        {
            degrees = -clockwise;
        }

        if (degrees is not { } value)
        {
            return 0;
        }

        var quarterTurns = (int)Math.Round(value / 90.0);
        return ((quarterTurns % 4) + 4) % 4 * 90;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    // ffprobe writes most numbers as strings ("duration": "5.000000"), some as numbers (width).
    private static double? GetDouble(JsonElement element, string name) =>
        GetString(element, name) is { } text
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
        && double.IsFinite(value)
            ? value
            : null;

    private static int? GetInt(JsonElement element, string name) =>
        GetString(element, name) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private static long? GetLong(JsonElement element, string name) =>
        GetString(element, name) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
