namespace Sage.Core.Comparison;

/// <summary>Robust location and spread of a pair's own differences.</summary>
internal static class NoiseStatistics
{
    /// <summary>Scales the MAD to a standard deviation for normally distributed noise.</summary>
    private const double MadToSigma = 1.4826;

    /// <summary>
    /// median + <paramref name="deviations"/> · σ (σ from the MAD), at least median + <paramref name="minimumSpread"/>:
    /// the changed frames are a minority of an edit's pair, so the median and MAD describe the noise.
    /// </summary>
    public static double Floor(IReadOnlyCollection<double> values, double deviations, double minimumSpread)
    {
        if (values.Count == 0)
        {
            return minimumSpread;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var median = Median(sorted);
        var spread = new double[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            spread[i] = Math.Abs(sorted[i] - median);
        }

        Array.Sort(spread);
        var sigma = MadToSigma * Median(spread);
        return median + Math.Max(deviations * sigma, minimumSpread);
    }

    public static double Median(double[] sorted)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
