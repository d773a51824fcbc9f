using Sage.Core.Fingerprints;

namespace Sage.Core.Comparison;

/// <summary>Refines a clip-precision result with both videos' fingerprints (frame precision).</summary>
public static class FrameComparison
{
    /// <summary>Regions shorter than this are flagged <see cref="Region.IsShort"/>.</summary>
    public const double ShortSeconds = 0.5;

    /// <summary>Refines <paramref name="coarse"/> (aligned mode, clip precision) to the frame.</summary>
    public static ComparisonResult Refine(ComparisonResult coarse, VideoFingerprint a, VideoFingerprint b, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coarse);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        cancellationToken.ThrowIfCancellationRequested();
        // Placeholder until the refinement lands: the coarse result, with the frame rates.
        return coarse with { FrameRateA = a.SourceFrameRate, FrameRateB = b.SourceFrameRate };
    }
}
