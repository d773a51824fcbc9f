namespace Sage.Media;

/// <summary>
/// A web-playable rendition to make: H.264 yuv420p + AAC in MP4 with faststart, at most
/// <see cref="MaxHeight"/> lines, deinterlaced when <see cref="Deinterlace"/>, a keyframe at least every 2 s.
/// </summary>
/// <param name="Input">Local path or http(s) URL of the original.</param>
/// <param name="OutputPath">Local file to write (MP4 faststart rewrites the file, so it cannot be a pipe).</param>
/// <param name="DurationSeconds">The original's duration, to turn ffmpeg's position into a fraction.</param>
public sealed record ProxyRequest(
    string Input,
    string OutputPath,
    double DurationSeconds,
    int MaxHeight,
    int Crf,
    string Preset,
    bool Deinterlace);
