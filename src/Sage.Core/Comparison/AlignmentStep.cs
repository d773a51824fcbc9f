namespace Sage.Core.Comparison;

/// <summary>One step of the alignment path: a pair of clips, or a clip of one video facing nothing.</summary>
/// <param name="AIndex">Clip index in A; <see langword="null"/> when the clip is only in B.</param>
/// <param name="BIndex">Clip index in B; <see langword="null"/> when the clip is only in A.</param>
/// <param name="AStart">Seconds in A (for a B-only step, <c>AStart == AEnd</c> is where it sits in A).</param>
/// <param name="AEnd">Seconds in A.</param>
/// <param name="BStart">Seconds in B (for an A-only step, <c>BStart == BEnd</c>).</param>
/// <param name="BEnd">Seconds in B.</param>
/// <param name="Distance">Combined cosine distance, 0..2; <see langword="null"/> unless both clips exist.</param>
/// <param name="OptionDistances">Distance per option, in the order of <see cref="ComparisonResult.Options"/>; <see langword="null"/> unless both clips exist.</param>
/// <param name="Kind">Classification with the result's threshold. A client re-classifies with another threshold
/// by comparing <paramref name="Distance"/> to it; the path itself does not depend on the threshold.</param>
public sealed record AlignmentStep(
    int? AIndex,
    int? BIndex,
    double AStart,
    double AEnd,
    double BStart,
    double BEnd,
    double? Distance,
    IReadOnlyList<double>? OptionDistances,
    RegionKind Kind);
