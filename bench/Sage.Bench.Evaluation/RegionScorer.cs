using Sage.Core.Comparison;

namespace Sage.Bench.Evaluation;

/// <summary>
/// Scores the non-same regions of one comparison against the truth. A reported region matches a truth region when
/// the kinds are equal and their time IoU is at least <see cref="MinimumIoU"/>: on A's time for changed and removed,
/// on B's time for inserted (the only time an insertion has). Each truth and each report match at most once.
/// </summary>
internal static class RegionScorer
{
    public const double MinimumIoU = 0.5;

    public static PairScore Score(PairTruth truth, ComparisonResult result)
    {
        var reported = result.Regions.Where(r => r.Kind != RegionKind.Same).ToList();
        var used = new bool[reported.Count];
        var matched = 0;
        foreach (var expected in truth.Expected)
        {
            var best = -1;
            var bestIoU = MinimumIoU;
            for (var r = 0; r < reported.Count; r++)
            {
                if (used[r] || reported[r].Kind != expected.Kind)
                {
                    continue;
                }

                var iou = IoU(expected, reported[r]);
                if (iou >= bestIoU)
                {
                    best = r;
                    bestIoU = iou;
                }
            }

            if (best >= 0)
            {
                used[best] = true;
                matched++;
            }
        }

        return new PairScore(truth.Expected.Count, reported.Count, matched);
    }

    public static double IoU(TruthRegion expected, Region reported) => expected.Kind == RegionKind.Inserted
        ? IoU(expected.BStart, expected.BEnd, reported.BStart, reported.BEnd)
        : IoU(expected.AStart, expected.AEnd, reported.AStart, reported.AEnd);

    private static double IoU(double start1, double end1, double start2, double end2)
    {
        var intersection = Math.Max(0, Math.Min(end1, end2) - Math.Max(start1, start2));
        var union = Math.Max(end1, end2) - Math.Min(start1, start2);
        return union > 0 ? intersection / union : 0;
    }
}

/// <summary>Counts for one pair: truth regions, reported non-same regions, and how many of them matched.</summary>
internal sealed record PairScore(int Truths, int Reported, int Matched);
