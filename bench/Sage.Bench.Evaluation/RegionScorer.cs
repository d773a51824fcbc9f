using Sage.Core.Comparison;

namespace Sage.Bench.Evaluation;

/// <summary>
/// Scores the non-same regions of one comparison against the truth.
/// </summary>
/// <remarks>
/// <para>A predicted region P and a truth region T are a candidate match when their kinds are equal and their IoU is
/// at least <see cref="MinimumIoU"/>, where the IoU of two spans is |intersection| / |union| in seconds and</para>
/// <list type="bullet">
/// <item>inserted: IoU of the B spans (an insertion is only a point in A);</item>
/// <item>removed: IoU of the A spans (a removal is only a point in B);</item>
/// <item>changed and moved: min(IoU of the A spans, IoU of the B spans): both must overlap, so a changed region in
/// the right place of A but paired with the wrong part of B does not count.</item>
/// </list>
/// <para>A predicted moved region may also match a truth <em>pair</em>: a removed R and an inserted I of the same
/// pair, with IoU min(IoU(P.A, R.A), IoU(P.B, I.B)); it then matches both truths at once (the same edit described
/// as a cut and a paste). Candidates are taken greedily by IoU, highest first; each truth and each prediction
/// matches at most once.</para>
/// <para>Boundary error: for every match, |predicted − true| seconds at both ends of each span the IoU used (two
/// values for inserted and removed, four for changed and moved).</para>
/// </remarks>
internal static class RegionScorer
{
    public const double MinimumIoU = 0.5;

    public static PairScore Score(PairTruth truth, ComparisonResult result)
    {
        var predicted = result.Regions.Where(r => r.Kind != RegionKind.Same).ToList();
        var expected = truth.Expected;
        var candidates = new List<(double IoU, int Prediction, int[] Truths)>();
        for (var p = 0; p < predicted.Count; p++)
        {
            for (var t = 0; t < expected.Count; t++)
            {
                if (predicted[p].Kind == expected[t].Kind && IoU(expected[t], predicted[p]) is var iou && iou >= MinimumIoU)
                {
                    candidates.Add((iou, p, [t]));
                }
            }

            if (predicted[p].Kind != RegionKind.Moved)
            {
                continue;
            }

            for (var r = 0; r < expected.Count; r++)
            {
                for (var i = 0; i < expected.Count; i++)
                {
                    if (expected[r].Kind == RegionKind.Removed && expected[i].Kind == RegionKind.Inserted)
                    {
                        var iou = Math.Min(
                            IoU(expected[r].AStart, expected[r].AEnd, predicted[p].AStart, predicted[p].AEnd),
                            IoU(expected[i].BStart, expected[i].BEnd, predicted[p].BStart, predicted[p].BEnd));
                        if (iou >= MinimumIoU)
                        {
                            candidates.Add((iou, p, [r, i]));
                        }
                    }
                }
            }
        }

        var predictionUsed = new bool[predicted.Count];
        var truthUsed = new bool[expected.Count];
        var matches = new List<RegionMatch>();
        var boundaryErrors = new List<double>();
        foreach (var (iou, p, truths) in candidates.OrderByDescending(c => c.IoU))
        {
            if (predictionUsed[p] || truths.Any(t => truthUsed[t]))
            {
                continue;
            }

            predictionUsed[p] = true;
            foreach (var t in truths)
            {
                truthUsed[t] = true;
            }

            var region = predicted[p];
            boundaryErrors.AddRange(truths.Length == 2
                ? [.. AErrors(expected[truths[0]], region), .. BErrors(expected[truths[1]], region)]
                : Errors(expected[truths[0]], region));
            matches.Add(new RegionMatch(region, [.. truths.Select(t => expected[t])], iou));
        }

        return new PairScore(
            expected.Count,
            predicted.Count,
            truthUsed.Count(u => u),
            predictionUsed.Count(u => u),
            boundaryErrors,
            matches);
    }

    public static double IoU(TruthRegion expected, Region predicted) => expected.Kind switch
    {
        RegionKind.Inserted => IoU(expected.BStart, expected.BEnd, predicted.BStart, predicted.BEnd),
        RegionKind.Removed => IoU(expected.AStart, expected.AEnd, predicted.AStart, predicted.AEnd),
        _ => Math.Min(
            IoU(expected.AStart, expected.AEnd, predicted.AStart, predicted.AEnd),
            IoU(expected.BStart, expected.BEnd, predicted.BStart, predicted.BEnd)),
    };

    /// <summary>Whether a matched changed region says the same as the truth about what differs; null when either side does not say.</summary>
    public static bool? DifferenceAgrees(TruthRegion expected, Region predicted) =>
        expected.Kind != RegionKind.Changed || expected.What is not { } what || predicted.Difference is not { } difference
            ? null
            : what switch
            {
                TruthDifference.Picture => difference.Picture && !difference.Sound,
                TruthDifference.Sound => difference.Sound && !difference.Picture,
                _ => difference.Picture && difference.Sound,
            };

    private static double[] Errors(TruthRegion expected, Region predicted) => expected.Kind switch
    {
        RegionKind.Inserted => BErrors(expected, predicted),
        RegionKind.Removed => AErrors(expected, predicted),
        _ => [.. AErrors(expected, predicted), .. BErrors(expected, predicted)],
    };

    private static double[] AErrors(TruthRegion expected, Region predicted) =>
        [Math.Abs(predicted.AStart - expected.AStart), Math.Abs(predicted.AEnd - expected.AEnd)];

    private static double[] BErrors(TruthRegion expected, Region predicted) =>
        [Math.Abs(predicted.BStart - expected.BStart), Math.Abs(predicted.BEnd - expected.BEnd)];

    private static double IoU(double start1, double end1, double start2, double end2)
    {
        var intersection = Math.Max(0, Math.Min(end1, end2) - Math.Max(start1, start2));
        var union = Math.Max(end1, end2) - Math.Min(start1, start2);
        return union > 0 ? intersection / union : 0;
    }
}

/// <summary>One prediction matched to one truth region, or to a removed+inserted truth pair.</summary>
internal sealed record RegionMatch(Region Predicted, IReadOnlyList<TruthRegion> Truths, double IoU);

/// <summary>Counts for one pair: truths and predictions (non-same), how many of each matched, and the boundary errors of the matches.</summary>
internal sealed record PairScore(
    int Truths,
    int Predictions,
    int MatchedTruths,
    int MatchedPredictions,
    IReadOnlyList<double> BoundaryErrors,
    IReadOnlyList<RegionMatch> Matches);
