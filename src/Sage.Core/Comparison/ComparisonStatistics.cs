namespace Sage.Core.Comparison;

/// <summary>Totals over a comparison.</summary>
/// <param name="SimilarityPercent">
/// Share of both videos' time that is <see cref="RegionKind.Same"/>: (same seconds in A + same seconds in B) /
/// (duration A + duration B) × 100. Inserted, removed and changed time all lower it; 100 for two empty videos.
/// </param>
/// <param name="SecondsSame">Seconds of A in same regions.</param>
/// <param name="SecondsChanged">Seconds of A in changed regions.</param>
/// <param name="SecondsInserted">Seconds of B only in B.</param>
/// <param name="SecondsRemoved">Seconds of A only in A.</param>
/// <param name="ClipsCompared">Aligned clip pairs (steps with a distance).</param>
/// <param name="ClipsChanged">Aligned clip pairs above the threshold.</param>
public sealed record ComparisonStatistics(
    double SimilarityPercent,
    double SecondsSame,
    double SecondsChanged,
    double SecondsInserted,
    double SecondsRemoved,
    int ClipsCompared,
    int ClipsChanged)
{
    /// <summary>Seconds of A in moved regions.</summary>
    public double SecondsMoved { get; init; }
}
