using System.Globalization;

namespace Sage.Media;

/// <summary>Reads the key=value lines of <c>ffmpeg -progress</c>. Pure, so it is tested without ffmpeg.</summary>
public static class FfmpegProgressParser
{
    /// <summary>The output position in seconds a line reports (out_time_us, or out_time_ms which is also microseconds), else null.</summary>
    public static double? PositionSeconds(ReadOnlySpan<char> line)
    {
        var equals = line.IndexOf('=');
        if (equals <= 0)
        {
            return null;
        }

        var key = line[..equals];
        // ffmpeg's out_time_ms has always been microseconds too (a long-standing misnomer).
        if (!key.SequenceEqual("out_time_us") && !key.SequenceEqual("out_time_ms"))
        {
            return null;
        }

        return long.TryParse(line[(equals + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var micros) && micros >= 0
            ? micros / 1_000_000.0
            : null;
    }

    /// <summary>True for the line ffmpeg writes once the output is complete.</summary>
    public static bool IsEnd(ReadOnlySpan<char> line) => line.SequenceEqual("progress=end");
}
