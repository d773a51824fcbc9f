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

    /// <summary>Scales the MAD to a standard deviation for normally distributed noise.</summary>
    private const double MadToSigma = 1.4826;

    /// <summary>The automatic threshold for these aligned-pair distances (<see cref="Minimum"/> when there are none).</summary>
    public static double Estimate(IEnumerable<double> distances)
    {
        ArgumentNullException.ThrowIfNull(distances);
        var sorted = distances.Where(double.IsFinite).ToArray();
        if (sorted.Length == 0)
        {
            return Minimum;
        }

        Array.Sort(sorted);
        var median = Median(sorted);
        var deviations = new double[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            deviations[i] = Math.Abs(sorted[i] - median);
        }

        Array.Sort(deviations);
        var mad = Median(deviations);
        return Math.Clamp(median + (K * MadToSigma * mad), Minimum, Maximum);
    }

    private static double Median(double[] sorted)
    {
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
