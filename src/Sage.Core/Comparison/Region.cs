namespace Sage.Core.Comparison;

/// <summary>A maximal run of aligned steps of one kind.</summary>
/// <param name="Kind">What happened here.</param>
/// <param name="AStart">Seconds in A. For <see cref="RegionKind.Inserted"/> equal to <paramref name="AEnd"/>: where in A the insertion sits.</param>
/// <param name="AEnd">Seconds in A.</param>
/// <param name="BStart">Seconds in B. For <see cref="RegionKind.Removed"/> equal to <paramref name="BEnd"/>.</param>
/// <param name="BEnd">Seconds in B.</param>
/// <param name="MeanDistance">Mean combined distance of the aligned pairs; <see langword="null"/> for inserted/removed.</param>
/// <param name="MaxDistance">Largest combined distance of the aligned pairs; <see langword="null"/> for inserted/removed.</param>
/// <param name="OptionMeanDistances">Mean distance per option (says whether the picture or the sound changed); empty for inserted/removed.</param>
/// <param name="FirstStep">Index of the region's first step in <see cref="ComparisonResult.Steps"/>.</param>
/// <param name="StepCount">Number of steps in the region.</param>
public sealed record Region(
    RegionKind Kind,
    double AStart,
    double AEnd,
    double BStart,
    double BEnd,
    double? MeanDistance,
    double? MaxDistance,
    IReadOnlyDictionary<string, double> OptionMeanDistances,
    int FirstStep,
    int StepCount);
