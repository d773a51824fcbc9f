namespace Sage.Core.Fingerprints;

/// <summary>
/// The frame-level fingerprint of one video: a small picture descriptor per frame and short-time sound features.
/// Computed locally whatever the embedding engine; the comparison refines the engine's clip path with it.
/// </summary>
/// <param name="SourceFrameRate">The video's own frame rate (from the probe); frame numbers in results use it.</param>
/// <param name="Picture">One descriptor per sampled frame, at <see cref="PictureTrack.FrameRate"/>.</param>
/// <param name="Sound">Sound features; <see langword="null"/> when the video has no sound.</param>
public sealed record VideoFingerprint(double SourceFrameRate, PictureTrack Picture, SoundTrack? Sound)
{
    /// <summary>Version of the descriptors' definition; a stored fingerprint of another version is computed again.</summary>
    public const int Version = 1;

    /// <summary>Highest rate the picture track is sampled at; sources above it are sampled at this rate.</summary>
    public const double MaxPictureRate = 30;

    /// <summary>The rate a source of <paramref name="sourceFrameRate"/> is fingerprinted at (its own, capped).</summary>
    public static double PictureRateFor(double sourceFrameRate) =>
        double.IsFinite(sourceFrameRate) && sourceFrameRate > 0 ? Math.Min(sourceFrameRate, MaxPictureRate) : 25;

    /// <summary>Seconds covered by the picture track.</summary>
    public double Duration => Picture.Count / Picture.FrameRate;
}
