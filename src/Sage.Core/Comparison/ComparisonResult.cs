namespace Sage.Core.Comparison;

/// <summary>Where two videos differ.</summary>
/// <param name="Mode">How clips were paired.</param>
/// <param name="Threshold">Combined distance above which a pair is changed.</param>
/// <param name="ThresholdWasAutomatic">Whether <paramref name="Threshold"/> was derived from the distances (<see cref="AutoThreshold"/>).</param>
/// <param name="Regions">In order of their place in A (an insertion at its point in A); together they cover
/// [0, DurationA] and [0, DurationB] once each. A <see cref="RegionKind.Moved"/> region's B span is out of B's order.</param>
/// <param name="Steps">The alignment path, one step per clip pair or unpaired clip, in order.</param>
/// <param name="Statistics">Totals.</param>
/// <param name="Options">Embedding options compared (ordinal order); the order of <see cref="AlignmentStep.OptionDistances"/>.</param>
/// <param name="Weights">Normalised weight per option (sums to 1 over <paramref name="Options"/>).</param>
/// <param name="DurationA">Seconds covered by A's clips.</param>
/// <param name="DurationB">Seconds covered by B's clips.</param>
public sealed record ComparisonResult(
    ComparisonMode Mode,
    double Threshold,
    bool ThresholdWasAutomatic,
    IReadOnlyList<Region> Regions,
    IReadOnlyList<AlignmentStep> Steps,
    ComparisonStatistics Statistics,
    IReadOnlyList<string> Options,
    IReadOnlyDictionary<string, double> Weights,
    double DurationA,
    double DurationB)
{
    /// <summary>Whether regions come from the clips alone or were refined to the frame.</summary>
    public ComparisonPrecision Precision { get; init; } = ComparisonPrecision.Clip;

    /// <summary>A's own frame rate, when a fingerprint gave it.</summary>
    public double? FrameRateA { get; init; }

    /// <summary>B's own frame rate, when a fingerprint gave it.</summary>
    public double? FrameRateB { get; init; }

    /// <summary>The noise floors derived from this pair (frame precision only).</summary>
    public NoiseFloor? NoiseFloor { get; init; }
}

/// <summary>
/// The levels below which differences between two videos count as noise (re-encoding, resizing, frame-rate
/// conversion), derived from the pair's own aligned frames.
/// </summary>
/// <param name="Picture">Largest per-frame picture difference (cell levels, 0–255) still counted as the same.</param>
/// <param name="Sound">Largest per-frame sound difference (dB) still counted as the same; <see langword="null"/> without sound on both sides.</param>
public sealed record NoiseFloor(double Picture, double? Sound);
