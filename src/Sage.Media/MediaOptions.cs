using System.ComponentModel.DataAnnotations;

namespace Sage.Media;

/// <summary>Settings of the ffmpeg/ffprobe tools (configuration section "Sage:Media").</summary>
public sealed class MediaOptions
{
    public const string SectionName = "Sage:Media";

    /// <summary>ffmpeg executable: a name looked up on PATH, or an absolute path.</summary>
    [Required]
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>ffprobe executable: a name looked up on PATH, or an absolute path.</summary>
    [Required]
    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>Longest time one ffprobe run may take (remote inputs can be slow to open).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest time one thumbnail extraction may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ThumbnailTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
