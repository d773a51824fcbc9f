namespace Sage.Media;

/// <summary>What ffprobe says about a video. Width and height are as displayed (rotation applied).</summary>
public sealed record VideoProbe
{
    public required double DurationSeconds { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }

    /// <summary>Average frame rate (avg_frame_rate, else r_frame_rate); 0 when unknown.</summary>
    public required double FramesPerSecond { get; init; }

    public required string VideoCodec { get; init; }
    public string? AudioCodec { get; init; }
    public bool HasAudio => AudioCodec is not null;

    /// <summary>Display rotation as ffprobe reports it (degrees counter-clockwise), normalised to 0, 90, 180 or 270.</summary>
    public int Rotation { get; init; }

    /// <summary>The video codec's profile as ffprobe names it ("High", "Main", "4:2:2"); null when unknown.</summary>
    public string? VideoProfile { get; init; }

    /// <summary>The pixel format ("yuv420p", "yuv422p10le"); null when unknown.</summary>
    public string? PixelFormat { get; init; }

    /// <summary>ffprobe's field_order ("progressive", "tt", "bb", "tb", "bt"); null when unknown.</summary>
    public string? FieldOrder { get; init; }

    /// <summary>True when the field order says the picture is interlaced.</summary>
    public bool IsInterlaced => FieldOrder is "tt" or "bb" or "tb" or "bt";

    public string? FormatName { get; init; }
    public long? BitRate { get; init; }
}
