namespace Sage.Media;

/// <summary>The external programs this library drives.</summary>
public enum MediaTool
{
    Ffmpeg,
    Ffprobe,
}
