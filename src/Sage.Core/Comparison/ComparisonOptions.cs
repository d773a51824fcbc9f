namespace Sage.Core.Comparison;

/// <summary>What a comparison should do.</summary>
/// <param name="Mode">How clips are paired.</param>
/// <param name="Threshold">
/// Combined cosine distance above which an aligned pair counts as changed, in (0, 2].
/// <see langword="null"/> derives it from the pair's own distances (<see cref="AutoThreshold"/>);
/// a per-engine default belongs to the caller, which passes it here.
/// </param>
/// <param name="Weights">
/// Weight per embedding option (e.g. <c>visual</c>, <c>audio</c>). <see langword="null"/> weighs every option both
/// sets have equally. When given, options left out weigh 0; every name must be an option both sets have.
/// </param>
public sealed record ComparisonOptions(
    ComparisonMode Mode = ComparisonMode.Aligned,
    double? Threshold = null,
    IReadOnlyDictionary<string, double>? Weights = null)
{
    /// <summary>Aligned mode, automatic threshold, equal weights.</summary>
    public static ComparisonOptions Default { get; } = new();
}
