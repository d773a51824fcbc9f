namespace Sage.Core.Comparison;

/// <summary>Where two videos differ.</summary>
/// <param name="Mode">How clips were paired.</param>
/// <param name="Threshold">Combined distance above which a pair is changed.</param>
/// <param name="ThresholdWasAutomatic">Whether <paramref name="Threshold"/> was derived from the distances (<see cref="AutoThreshold"/>).</param>
/// <param name="Regions">In order; they tile [0, DurationA] and [0, DurationB] with no gap or overlap.</param>
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
    double DurationB);
