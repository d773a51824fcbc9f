namespace Sage.Core.Comparison;

/// <summary>
/// Moves the grid pieces of <see cref="FrameAligner"/> to the frame: each piece's offset to a quarter of a frame, then
/// every edge to the frame boundary that best separates "matches here" from "matches there" (or from "matches
/// nothing", at a gap).
/// </summary>
internal static class PieceRefiner
{
    /// <summary>How far (seconds) an edge may move from where the grid put it.</summary>
    private const double EdgeReach = FrameGrid.Step * 4;

    /// <summary>Frames sampled per piece to measure an offset.</summary>
    private const int OffsetSamples = 240;

    /// <param name="unmatched">Cost of a frame that matches nothing: between the matched pairs' and unrelated pictures' distances.</param>
    public static List<AlignedPiece> Refine(FramePair pair, IReadOnlyList<AlignedPiece> grid, double unmatched, CancellationToken cancellationToken)
    {
        var pieces = new List<AlignedPiece>(grid.Count);
        foreach (var piece in grid)
        {
            cancellationToken.ThrowIfCancellationRequested();
            pieces.Add(piece with { Offset = RefineOffset(pair, piece, unmatched) });
        }

        MergeSameOffset(pieces, pair);
        var close = Math.Min(pair.FrameA, pair.FrameB) / 2;
        for (var k = 0; k <= pieces.Count; k++)
        {
            AlignedPiece? before = k > 0 ? pieces[k - 1] : null;
            AlignedPiece? after = k < pieces.Count ? pieces[k] : null;
            if (before is { } p1 && after is { } p2)
            {
                var gapA = p2.AStart - p1.AEnd;
                var gapB = p2.BStart - p1.BEnd;
                if (Math.Abs(gapA) < FrameGrid.Step / 2 && gapB > close)
                {
                    // Inserted in B: one cut point in A, where A stops matching at p1's offset and starts at p2's.
                    var cut = JointCut(pair, Side.A, p1, p2);
                    pieces[k - 1] = p1 with { AEnd = cut };
                    pieces[k] = p2 with { AStart = cut };
                }
                else if (Math.Abs(gapB) < FrameGrid.Step / 2 && gapA > close)
                {
                    // Removed from A: one cut point in B.
                    var cut = JointCut(pair, Side.B, p1, p2);
                    pieces[k - 1] = p1 with { AEnd = cut - p1.Offset };
                    pieces[k] = p2 with { AStart = cut - p2.Offset };
                }
                else
                {
                    var end = Edge(pair, Side.A, p1, start: false, p1.AStart, p2.AStart, unmatched);
                    pieces[k - 1] = p1 with { AEnd = end };
                    pieces[k] = p2 with { AStart = Edge(pair, Side.A, p2, start: true, end, p2.AEnd, unmatched) };
                }
            }
            else if (after is { } first)
            {
                pieces[k] = first.BStart > FrameGrid.Step / 2 && first.AStart < FrameGrid.Step / 2
                    ? first with { AStart = Edge(pair, Side.B, first, start: true, 0, first.BEnd, unmatched) - first.Offset }
                    : first with { AStart = Edge(pair, Side.A, first, start: true, Math.Max(0, -first.Offset - (pair.FrameA / 2)), first.AEnd, unmatched) };
            }
            else if (before is { } last)
            {
                var aLeft = pair.DurationA - last.AEnd;
                var bLeft = pair.DurationB - last.BEnd;
                pieces[k - 1] = bLeft > FrameGrid.Step / 2 && aLeft < FrameGrid.Step / 2
                    ? last with { AEnd = Edge(pair, Side.B, last, start: false, last.BStart, pair.DurationB, unmatched) - last.Offset }
                    : last with { AEnd = Edge(pair, Side.A, last, start: false, last.AStart, Math.Min(pair.DurationA, pair.DurationB - last.Offset + (pair.FrameA / 2)), unmatched) };
            }
        }

        // Keep every piece inside both videos (an A frame whose middle B shows is in) and at least a frame long.
        var kept = new List<AlignedPiece>(pieces.Count);
        foreach (var piece in pieces)
        {
            var start = Math.Max(piece.AStart, Math.Max(0, -piece.Offset - (pair.FrameA / 2)));
            var end = Math.Min(piece.AEnd, Math.Min(pair.DurationA, pair.DurationB - piece.Offset + (pair.FrameA / 2)));
            if (kept.Count > 0)
            {
                start = Math.Max(start, kept[^1].AEnd);
            }

            if (end - start >= Math.Max(pair.FrameA, pair.FrameB) - 1e-9)
            {
                kept.Add(piece with { AStart = start, AEnd = end });
            }
        }

        return kept;
    }

    /// <summary>Neighbouring pieces the grid split but whose refined offsets agree within half a frame are one piece.</summary>
    private static void MergeSameOffset(List<AlignedPiece> pieces, FramePair pair)
    {
        var close = Math.Min(pair.FrameA, pair.FrameB) / 2;
        for (var k = pieces.Count - 1; k > 0; k--)
        {
            var p1 = pieces[k - 1];
            var p2 = pieces[k];
            // A jog of a grid step or two (one gap each way) between pieces of one offset is the grid's, not an edit.
            var jog = (2 * FrameGrid.Step) + 1e-9;
            if (Math.Abs(p2.AStart - p1.AEnd) <= jog && Math.Abs(p2.BStart - p1.BEnd) <= jog && Math.Abs(p2.Offset - p1.Offset) < close)
            {
                var weight = p1.Length / Math.Max(1e-9, p1.Length + p2.Length);
                pieces[k - 1] = new AlignedPiece(p1.AStart, p2.AEnd, (weight * p1.Offset) + ((1 - weight) * p2.Offset));
                pieces.RemoveAt(k);
            }
        }
    }

    /// <summary>The offset within a grid step of the piece's that pairs its frames best; the middle of a flat optimum.</summary>
    private static double RefineOffset(FramePair pair, AlignedPiece piece, double unmatched)
    {
        var first = pair.AFrameAtOrAfter(piece.AStart + EdgeReach);
        var last = pair.AFrameAtOrAfter(piece.AEnd - EdgeReach);
        if (last - first < 4)
        {
            first = pair.AFrameAtOrAfter(piece.AStart);
            last = pair.AFrameAtOrAfter(piece.AEnd);
        }

        if (last <= first)
        {
            return piece.Offset;
        }

        var stride = Math.Max(1, (last - first) / OffsetSamples);
        var quantum = 0.25 / Math.Max(pair.A.FrameRate, pair.B.FrameRate);
        var steps = (int)Math.Ceiling(FrameGrid.Step / quantum);
        var costs = new double[(2 * steps) + 1];
        for (var s = -steps; s <= steps; s++)
        {
            double sum = 0;
            var count = 0;
            for (var i = first; i < last; i += stride)
            {
                sum += pair.CostOfA(i, piece.Offset + (s * quantum), unmatched);
                count++;
            }

            costs[s + steps] = sum / count;
        }

        var best = costs.Min();
        var tolerance = 1e-9 + (best * 1e-6);
        // The widest run of candidates at the optimum: its middle is the safest offset.
        int bestFrom = 0, bestTo = -1, from = -1;
        for (var c = 0; c <= costs.Length; c++)
        {
            var atBest = c < costs.Length && costs[c] <= best + tolerance;
            if (atBest && from < 0)
            {
                from = c;
            }
            else if (!atBest && from >= 0)
            {
                if (c - 1 - from > bestTo - bestFrom)
                {
                    bestFrom = from;
                    bestTo = c - 1;
                }

                from = -1;
            }
        }

        return piece.Offset + ((((bestFrom + bestTo) / 2.0) - steps) * quantum);
    }

    /// <summary>
    /// The time in one video (a frame start of <paramref name="side"/>) where it stops matching the other at p1's
    /// offset and starts matching at p2's, within reach of where the grid put the edge.
    /// </summary>
    private static double JointCut(FramePair pair, Side side, AlignedPiece p1, AlignedPiece p2)
    {
        var (p1Start, p1End) = side == Side.A ? (p1.AStart, p1.AEnd) : (p1.BStart, p1.BEnd);
        var (p2Start, p2End) = side == Side.A ? (p2.AStart, p2.AEnd) : (p2.BStart, p2.BEnd);
        var from = FrameAtOrAfter(pair, side, Math.Max(p1Start, p1End - EdgeReach));
        var to = FrameAtOrAfter(pair, side, Math.Min(p2End, p2Start + EdgeReach));
        var far = double.MaxValue / 4;
        var cut = BestCut(from, to, f => Cost(pair, side, f, p1.Offset, far), f => Cost(pair, side, f, p2.Offset, far));
        return cut / Rate(pair, side);
    }

    /// <summary>
    /// Where the piece's matching starts (<paramref name="start"/>) or ends in one video, kept within
    /// [<paramref name="floor"/>, <paramref name="limit"/>]; the frames on the other side of the edge cost
    /// <paramref name="unmatched"/>.
    /// </summary>
    private static double Edge(FramePair pair, Side side, AlignedPiece piece, bool start, double floor, double limit, double unmatched)
    {
        var edge = (side, start) switch
        {
            (Side.A, true) => piece.AStart,
            (Side.A, false) => piece.AEnd,
            (_, true) => piece.BStart,
            _ => piece.BEnd,
        };
        var from = FrameAtOrAfter(pair, side, Math.Max(floor, edge - EdgeReach));
        var to = FrameAtOrAfter(pair, side, Math.Min(limit, edge + EdgeReach));
        Func<int, double> matched = f => Cost(pair, side, f, piece.Offset, unmatched * 4);
        Func<int, double> unmatchedCost = _ => unmatched;
        var cut = start ? BestCut(from, to, unmatchedCost, matched) : BestCut(from, to, matched, unmatchedCost);
        return cut / Rate(pair, side);
    }

    private static int FrameAtOrAfter(FramePair pair, Side side, double seconds) =>
        side == Side.A ? pair.AFrameAtOrAfter(seconds) : pair.BFrameAtOrAfter(seconds);

    private static double Cost(FramePair pair, Side side, int frame, double offset, double missing) =>
        side == Side.A ? pair.CostOfA(frame, offset, missing) : pair.CostOfB(frame, offset, missing);

    private static double Rate(FramePair pair, Side side) => side == Side.A ? pair.A.FrameRate : pair.B.FrameRate;

    /// <summary>
    /// The frame <c>k</c> in <c>[from, to]</c> minimising Σ_{i&lt;k} before(i) + Σ_{i≥k} after(i) over <c>[from, to)</c>;
    /// ties go to the earliest.
    /// </summary>
    private static int BestCut(int from, int to, Func<int, double> before, Func<int, double> after)
    {
        if (to <= from)
        {
            return from;
        }

        // Start with every frame on the "after" side, then move them across one by one.
        double total = 0;
        for (var i = from; i < to; i++)
        {
            total += after(i);
        }

        var best = total;
        var cut = from;
        for (var i = from; i < to; i++)
        {
            total += before(i) - after(i);
            if (total < best - 1e-9)
            {
                best = total;
                cut = i + 1;
            }
        }

        return cut;
    }

    private enum Side
    {
        A,
        B,
    }
}
