namespace Sage.Core.Comparison;

/// <summary>
/// Derives a threshold from the distances of one comparison when the caller gives none.
/// </summary>
/// <remarks>
/// Rule: <c>clamp(median + K · 1.4826 · MAD, Minimum, Maximum)</c> over the distances of the aligned pairs.
/// The unchanged pairs are usually the majority, so the median and the MAD (scaled to a standard deviation) describe
/// the noise between two encodings of the same content; a pair more than <see cref="K"/> deviations above that is a
/// real change. <see cref="Minimum"/> keeps float noise of identical videos (distances ~1e-7, MAD 0) from becoming
/// "changed"; <see cref="Maximum"/> keeps a pair of unrelated videos (median ~1) from becoming "same".
/// Known limit: when more than half of the aligned pairs changed, the median sits among the changes and the
/// threshold rises to <see cref="Maximum"/>, so changes smaller than that are then missed. Otsu's split was rejected
/// because on identical videos (one mode) it cuts the noise in half and reports half the video as changed.
/// </remarks>
public static class AutoThreshold
{
    /// <summary>Deviations above the median.</summary>
    public const double K = 5.0;

    /// <summary>Lowest automatic threshold.</summary>
    public const double Minimum = 0.02;

    /// <summary>Highest automatic threshold.</summary>
    public const double Maximum = 0.5;

    /// <summary>The automatic threshold for these aligned-pair distances (<see cref="Minimum"/> when there are none).</summary>
    public static double Estimate(IEnumerable<double> distances)
    {
        ArgumentNullException.ThrowIfNull(distances);
        var finite = distances.Where(double.IsFinite).ToList();
        return finite.Count == 0 ? Minimum : Math.Clamp(NoiseStatistics.Floor(finite, K, minimumSpread: 0), Minimum, Maximum);
    }
}
