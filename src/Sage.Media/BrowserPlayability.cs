namespace Sage.Media;

/// <summary>Whether a probed video plays as it is in current Chromium, Firefox and Safari, and if not, why.</summary>
public sealed record PlayabilityVerdict(bool Plays, string? Reason)
{
    public static PlayabilityVerdict Yes { get; } = new(true, null);

    public static PlayabilityVerdict No(string reason) => new(false, reason);
}

/// <summary>
/// The rule for "plays in every current browser". It is deliberately the intersection of the three: H.264
/// (Baseline/Main/High, 8-bit 4:2:0, progressive) in MP4/MOV with AAC or MP3, or VP8/VP9 in WebM with Opus or
/// Vorbis. HEVC (Firefox), AV1 (older Safari), 10-bit and 4:2:2 H.264 (Chromium only with hardware) fall outside it.
/// Interlaced pictures "play" but comb, so they get a deinterlaced proxy too.
/// </summary>
public static class BrowserPlayability
{
    private static readonly HashSet<string> H264Profiles = new(StringComparer.OrdinalIgnoreCase)
    {
        "Baseline", "Constrained Baseline", "Main", "High",
    };

    private static readonly HashSet<string> PlanarYuv420 = new(StringComparer.Ordinal) { "yuv420p", "yuvj420p" };

    public static PlayabilityVerdict Decide(VideoProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var container = ContainerOf(probe.FormatName);
        if (container is Container.Other)
        {
            return PlayabilityVerdict.No($"the container ({probe.FormatName ?? "unknown"}) does not play in browsers");
        }

        if (probe.IsInterlaced)
        {
            return PlayabilityVerdict.No($"the picture is interlaced ({probe.FieldOrder})");
        }

        if (probe.PixelFormat is not { } pixelFormat || !PlanarYuv420.Contains(pixelFormat))
        {
            return PlayabilityVerdict.No($"the pixel format ({probe.PixelFormat ?? "unknown"}) is not 8-bit 4:2:0");
        }

        var codec = probe.VideoCodec;
        var videoPlays = container switch
        {
            Container.Mp4 => codec == "h264" && probe.VideoProfile is { } profile && H264Profiles.Contains(profile),
            Container.WebM => codec is "vp8" or "vp9",
            _ => false,
        };
        if (!videoPlays)
        {
            var profile = probe.VideoProfile is { } p ? $" {p}" : "";
            return PlayabilityVerdict.No($"the video codec ({codec}{profile}) does not play in every browser in this container");
        }

        var audioPlays = probe.AudioCodec switch
        {
            null => true,
            var audio when container is Container.Mp4 => audio is "aac" or "mp3",
            var audio => audio is "opus" or "vorbis",
        };
        return audioPlays
            ? PlayabilityVerdict.Yes
            : PlayabilityVerdict.No($"the audio codec ({probe.AudioCodec}) does not play in every browser in this container");
    }

    // ffprobe names the demuxer, not the file: MP4 and MOV share "mov,mp4,...", WebM and Matroska share "matroska,webm".
    private static Container ContainerOf(string? formatName) => formatName switch
    {
        null => Container.Other,
        var name when name.Contains("mp4", StringComparison.Ordinal) => Container.Mp4,
        var name when name.Contains("webm", StringComparison.Ordinal) => Container.WebM,
        _ => Container.Other,
    };

    private enum Container
    {
        Other,
        Mp4,
        WebM,
    }
}
