using Sage.Core.Comparison;

namespace Sage.Server.Comparisons;

/// <summary>One side of a comparison: which video, its name and length.</summary>
/// <param name="Duration">Seconds, from the probe (the clips' span when the probe has none).</param>
public sealed record ComparedVideo(Guid Id, string FileName, double Duration);

/// <summary>A stretch of both videos and what happened there.</summary>
/// <param name="Kind">same, changed, inserted or removed.</param>
/// <param name="OptionDistances">Mean distance per option (visual, audio, ...); empty for inserted and removed.</param>
/// <param name="Label">For changed regions, which weighted options are above the threshold: "picture", "audio" or "picture and audio".</param>
public sealed record ComparisonRegion(
    string Kind,
    double AStart,
    double AEnd,
    double BStart,
    double BEnd,
    double? MeanDistance,
    double? MaxDistance,
    IReadOnlyDictionary<string, double> OptionDistances,
    string? Label);

/// <summary>One step of the alignment path; a client re-classifies with another threshold by comparing <see cref="Distance"/> to it.</summary>
/// <param name="OptionDistances">Per option, in the order of <see cref="ComparisonResponse.Options"/>; null unless both clips exist.</param>
public sealed record ComparisonStep(
    int? AIndex,
    int? BIndex,
    double AStart,
    double AEnd,
    double BStart,
    double BEnd,
    double? Distance,
    IReadOnlyList<double>? OptionDistances,
    string Kind);

/// <summary>Totals; see <see cref="ComparisonStatistics"/> for their definitions.</summary>
public sealed record ComparisonTotals(
    double SimilarityPercent,
    double SecondsSame,
    double SecondsChanged,
    double SecondsInserted,
    double SecondsRemoved,
    int ClipsCompared,
    int ClipsChanged);

/// <summary>A stored comparison, as the API returns it and as the database keeps it (result_json).</summary>
public sealed record ComparisonResponse(
    Guid Id,
    ComparedVideo VideoA,
    ComparedVideo VideoB,
    string Mode,
    double Threshold,
    bool ThresholdWasAutomatic,
    string Engine,
    string Model,
    IReadOnlyList<string> Options,
    IReadOnlyDictionary<string, double> Weights,
    IReadOnlyList<ComparisonRegion> Regions,
    IReadOnlyList<ComparisonStep> Steps,
    ComparisonTotals Statistics,
    DateTimeOffset CreatedAt)
{
    /// <summary>Six decimals: far below any threshold that means something, and it keeps the stored JSON small.</summary>
    private const int Digits = 6;

    public static ComparisonResponse From(
        Guid id, ComparedVideo videoA, ComparedVideo videoB, string engine, string model, ComparisonResult result, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(result);
        var regions = result.Regions.Select(r => new ComparisonRegion(
                Name(r.Kind),
                Round(r.AStart),
                Round(r.AEnd),
                Round(r.BStart),
                Round(r.BEnd),
                Round(r.MeanDistance),
                Round(r.MaxDistance),
                r.OptionMeanDistances.ToDictionary(o => o.Key, o => Round(o.Value), StringComparer.Ordinal),
                r.Kind == RegionKind.Changed ? Label(r, result) : null))
            .ToList();
        var steps = result.Steps.Select(s => new ComparisonStep(
                s.AIndex,
                s.BIndex,
                Round(s.AStart),
                Round(s.AEnd),
                Round(s.BStart),
                Round(s.BEnd),
                Round(s.Distance),
                s.OptionDistances?.Select(Round).ToArray(),
                Name(s.Kind)))
            .ToList();
        var t = result.Statistics;
        var totals = new ComparisonTotals(
            Math.Round(t.SimilarityPercent, 3), Round(t.SecondsSame), Round(t.SecondsChanged), Round(t.SecondsInserted), Round(t.SecondsRemoved), t.ClipsCompared, t.ClipsChanged);
        return new ComparisonResponse(
            id,
            videoA,
            videoB,
            Name(result.Mode),
            Round(result.Threshold),
            result.ThresholdWasAutomatic,
            engine,
            model,
            result.Options,
            result.Weights.ToDictionary(w => w.Key, w => Round(w.Value), StringComparer.Ordinal),
            regions,
            steps,
            totals,
            createdAt);
    }

    public static string Name(RegionKind kind) => kind.ToString().ToLowerInvariant();

    public static string Name(ComparisonMode mode) => mode.ToString().ToLowerInvariant();

    /// <summary>
    /// Which of the weighted options are above the threshold on average over the region. The combined distance is
    /// their weighted mean, so at least one of them is whenever the region is changed.
    /// </summary>
    private static string? Label(Region region, ComparisonResult result)
    {
        var above = region.OptionMeanDistances
            .Where(o => result.Weights.GetValueOrDefault(o.Key) > 0 && o.Value > result.Threshold)
            .Select(o => o.Key)
            .ToList();
        var picture = above.Any(o => o is "visual" or "visual-text");
        var audio = above.Any(o => o is "audio" or "transcription");
        return (picture, audio) switch
        {
            (true, true) => "picture and audio",
            (true, false) => "picture",
            (false, true) => "audio",
            _ => null,
        };
    }

    private static double Round(double value) => Math.Round(value, Digits);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, Digits) : null;
}
