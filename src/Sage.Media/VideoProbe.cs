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

    public string? FormatName { get; init; }
    public long? BitRate { get; init; }
}
