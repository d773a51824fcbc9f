using Sage.Core.Comparison;

namespace Sage.Server.Comparisons;

/// <summary>One side of a comparison: which video, its name and length.</summary>
/// <param name="Duration">Seconds, from the probe (the clips' span when the probe has none).</param>
public sealed record ComparedVideo(Guid Id, string FileName, double Duration);

/// <summary>Frames <c>[Start, End)</c> of one video at its own frame rate.</summary>
public sealed record FrameRange(long Start, long End);

/// <summary>A rectangle of the frame, each value 0–1 of the frame's width or height, from its top left.</summary>
public sealed record DifferenceBox(double X, double Y, double Width, double Height);

/// <summary>What differs in a changed region of frame precision.</summary>
/// <param name="SoundChange">"silence", "level" or "content"; null when the sound does not differ.</param>
/// <param name="PeakA">Seconds in A of the most different frame pair (the difference image shows it).</param>
/// <param name="PeakB">Seconds in B of that pair.</param>
public sealed record RegionDifferenceResponse(bool Picture, bool Sound, IReadOnlyList<DifferenceBox> Boxes, string? SoundChange, double PeakA, double PeakB);

/// <summary>The noise floors of a frame-precision comparison (see <see cref="NoiseFloor"/>).</summary>
public sealed record NoiseFloorResponse(double Picture, double? Sound);

/// <summary>A stretch of both videos and what happened there.</summary>
/// <param name="Kind">same, changed, inserted, removed or moved (the A span is the B span, elsewhere).</param>
/// <param name="OptionDistances">Mean distance per option (visual, audio, ...); empty for inserted and removed.</param>
/// <param name="Label">For changed regions, what differs (<see cref="RegionLabels.Describe"/>): "picture", "audio", "picture and audio", "audio (level)"...</param>
public sealed record ComparisonRegion(
    string Kind,
    double AStart,
    double AEnd,
    double BStart,
    double BEnd,
    double? MeanDistance,
    double? MaxDistance,
    IReadOnlyDictionary<string, double> OptionDistances,
    string? Label)
{
    /// <summary>A's frames, when A's frame rate is known.</summary>
    public FrameRange? AFrames { get; init; }

    /// <summary>B's frames, when B's frame rate is known.</summary>
    public FrameRange? BFrames { get; init; }

    /// <summary>Shorter than half a second (a flash frame, a glitch): found, but flagged.</summary>
    public bool IsShort { get; init; }

    /// <summary>What differs; only for changed regions of frame precision.</summary>
    public RegionDifferenceResponse? Difference { get; init; }
}

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
    int ClipsChanged)
{
    public double SecondsMoved { get; init; }
}

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
    /// <summary>"clip" (boundaries on the clip grid) or "frame" (refined with both videos' fingerprints).</summary>
    public string Precision { get; init; } = "clip";

    public double? FrameRateA { get; init; }

    public double? FrameRateB { get; init; }

    /// <summary>Frame precision only.</summary>
    public NoiseFloorResponse? NoiseFloor { get; init; }

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
                RegionLabels.Describe(r, result))
            {
                AFrames = r.AFrames is { } fa ? new FrameRange(fa.Start, fa.End) : null,
                BFrames = r.BFrames is { } fb ? new FrameRange(fb.Start, fb.End) : null,
                IsShort = r.IsShort,
                Difference = r.Difference is { } d
                    ? new RegionDifferenceResponse(
                        d.Picture,
                        d.Sound,
                        d.Boxes.Select(b => new DifferenceBox(Round(b.X), Round(b.Y), Round(b.Width), Round(b.Height))).ToList(),
                        d.SoundChange is { } change ? RegionLabels.Name(change) : null,
                        Round(d.PeakA),
                        Round(d.PeakB))
                    : null,
            })
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
            Math.Round(t.SimilarityPercent, 3), Round(t.SecondsSame), Round(t.SecondsChanged), Round(t.SecondsInserted), Round(t.SecondsRemoved), t.ClipsCompared, t.ClipsChanged)
        {
            SecondsMoved = Round(t.SecondsMoved),
        };
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
            createdAt)
        {
            Precision = Name(result.Precision),
            FrameRateA = Round(result.FrameRateA),
            FrameRateB = Round(result.FrameRateB),
            NoiseFloor = result.NoiseFloor is { } floor ? new NoiseFloorResponse(Round(floor.Picture), Round(floor.Sound)) : null,
        };
    }

    public static string Name(RegionKind kind) => kind.ToString().ToLowerInvariant();

    public static string Name(ComparisonMode mode) => mode.ToString().ToLowerInvariant();

    public static string Name(ComparisonPrecision precision) => precision.ToString().ToLowerInvariant();

    private static double Round(double value) => Math.Round(value, Digits);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, Digits) : null;
}
