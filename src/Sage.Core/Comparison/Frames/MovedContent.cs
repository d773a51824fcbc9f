namespace Sage.Core.Comparison;

/// <summary>
/// Finds content the alignment left out of A at one place and out of B at another that is the same picture: a shot
/// moved. Each such pair becomes one <see cref="RegionKind.Moved"/> region instead of a removal and an insertion.
/// </summary>
internal static class MovedContent
{
    /// <summary>Shortest stretch (seconds) considered as moved content.</summary>
    private const double MinimumSeconds = 0.3;

    /// <summary>How far (seconds) the moved copy's start may sit from the gap's start.</summary>
    private const double Reach = 0.3;

    private const int Samples = 60;

    public static List<MovedSpan> Find(FramePair pair, IReadOnlyList<AlignedPiece> pieces, double unmatched, CancellationToken cancellationToken)
    {
        var removed = new List<(double Start, double End)>();
        var inserted = new List<(double Start, double End)>();
        double a = 0, b = 0;
        foreach (var piece in pieces)
        {
            AddGap(removed, a, piece.AStart);
            AddGap(inserted, b, piece.BStart);
            a = piece.AEnd;
            b = piece.BEnd;
        }

        AddGap(removed, a, pair.DurationA);
        AddGap(inserted, b, pair.DurationB);

        var candidates = new List<(double Cost, int Removed, int Inserted)>();
        for (var r = 0; r < removed.Count; r++)
        {
            for (var s = 0; s < inserted.Count; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var lengthA = removed[r].End - removed[r].Start;
                var lengthB = inserted[s].End - inserted[s].Start;
                if (Math.Abs(lengthA - lengthB) > Math.Max(0.25, 0.2 * Math.Max(lengthA, lengthB)))
                {
                    continue;
                }

                var cost = BestCost(pair, removed[r], inserted[s].Start - removed[r].Start, unmatched);
                if (cost < unmatched)
                {
                    candidates.Add((cost, r, s));
                }
            }
        }

        var moves = new List<MovedSpan>();
        var usedRemoved = new HashSet<int>();
        var usedInserted = new HashSet<int>();
        foreach (var (_, r, s) in candidates.OrderBy(c => c.Cost))
        {
            if (usedRemoved.Add(r) && usedInserted.Add(s))
            {
                moves.Add(new MovedSpan(removed[r].Start, removed[r].End, inserted[s].Start, inserted[s].End));
            }
            else
            {
                usedRemoved.Remove(r);
            }
        }

        return moves;
    }

    private static void AddGap(List<(double Start, double End)> gaps, double start, double end)
    {
        if (end - start >= MinimumSeconds)
        {
            gaps.Add((start, end));
        }
    }

    /// <summary>Mean picture distance of the removed stretch's frames to B at the best offset near the inserted stretch's.</summary>
    private static double BestCost(FramePair pair, (double Start, double End) span, double offset, double unmatched)
    {
        var first = pair.AFrameAtOrAfter(span.Start);
        var last = pair.AFrameAtOrAfter(span.End);
        if (last <= first)
        {
            return double.PositiveInfinity;
        }

        var stride = Math.Max(1, (last - first) / Samples);
        var quantum = pair.FrameB / 2;
        var best = double.PositiveInfinity;
        for (var delta = -Reach; delta <= Reach + 1e-9; delta += quantum)
        {
            double sum = 0;
            var count = 0;
            for (var i = first; i < last; i += stride)
            {
                sum += pair.CostOfA(i, offset + delta, unmatched * 4);
                count++;
            }

            best = Math.Min(best, sum / count);
        }

        return best;
    }
}

/// <summary><c>[AStart, AEnd)</c> of A is <c>[BStart, BEnd)</c> of B, somewhere else in the order.</summary>
internal readonly record struct MovedSpan(double AStart, double AEnd, double BStart, double BEnd);
