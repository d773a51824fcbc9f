using Sage.Core.Fingerprints;

namespace Sage.Core.Comparison;

/// <summary>
/// Finds where the picture differs inside aligned pieces, frame by frame. A frame's score is its largest cell
/// difference to the best of the three frames around its counterpart (so a frame-rate conversion's timing costs
/// nothing, while a flash frame, seen from its own side, still stands out); the pair's noise floor is derived from
/// the scores of all its aligned frames.
/// </summary>
internal static class PictureChanges
{
    /// <summary>Deviations above the median score that are still noise.</summary>
    public const double Deviations = 6;

    /// <summary>Least spread above the median: descriptors are rounded means, ±1 on each side.</summary>
    public const double MinimumSpread = 4;

    /// <summary>Changed frames this close (seconds) belong to one change.</summary>
    public const double MergeGap = 0.2;

    /// <param name="unrelatedPeak">
    /// The pair's peak cell difference between unrelated pictures, or <see langword="null"/>. When given, the floor
    /// stays below half of it: the caller passes it when the aligned frames are hardly closer than unrelated ones
    /// (two different videos), where the median would otherwise make every frame "the same".
    /// </param>
    public static (List<ChangeRun> Runs, double Floor) Find(FramePair pair, IReadOnlyList<AlignedPiece> pieces, double? unrelatedPeak, CancellationToken cancellationToken)
    {
        var perPiece = new List<(AlignedPiece Piece, int[] AScores, int[] BScores, int[] ABest, int[] BBest, int FirstA, int FirstB)>();
        var all = new List<double>();
        foreach (var piece in pieces)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (firstA, lastA) = pair.AFramesShown(piece.AStart, piece.AEnd);
            var (firstB, lastB) = pair.BFramesShown(piece.BStart, piece.BEnd);
            var aScores = new int[Math.Max(0, lastA - firstA)];
            var aBest = new int[aScores.Length];
            for (var i = firstA; i < lastA; i++)
            {
                (aScores[i - firstA], aBest[i - firstA]) = BestOf(pair.A[i], pair.B, pair.BFrameFor(i, piece.Offset), firstB, lastB);
                all.Add(aScores[i - firstA]);
            }

            var bScores = new int[Math.Max(0, lastB - firstB)];
            var bBest = new int[bScores.Length];
            for (var j = firstB; j < lastB; j++)
            {
                (bScores[j - firstB], bBest[j - firstB]) = BestOf(pair.B[j], pair.A, pair.AFrameFor(j, piece.Offset), firstA, lastA);
                all.Add(bScores[j - firstB]);
            }

            perPiece.Add((piece, aScores, bScores, aBest, bBest, firstA, firstB));
        }

        var floor = NoiseStatistics.Floor(all, Deviations, MinimumSpread);
        if (unrelatedPeak is { } peak)
        {
            floor = Math.Min(floor, Math.Max(MinimumSpread, peak / 2));
        }
        var runs = new List<ChangeRun>();
        foreach (var (piece, aScores, bScores, aBest, bBest, firstA, firstB) in perPiece)
        {
            var spans = new List<(double Start, double End)>();
            for (var k = 0; k < aScores.Length; k++)
            {
                if (aScores[k] > floor)
                {
                    spans.Add(((firstA + k) / pair.A.FrameRate, (firstA + k + 1) / pair.A.FrameRate));
                }
            }

            for (var k = 0; k < bScores.Length; k++)
            {
                if (bScores[k] > floor)
                {
                    spans.Add((((firstB + k) / pair.B.FrameRate) - piece.Offset, ((firstB + k + 1) / pair.B.FrameRate) - piece.Offset));
                }
            }

            foreach (var (start, end) in Merge(spans, MergeGap))
            {
                var s = Math.Max(start, piece.AStart);
                var e = Math.Min(end, piece.AEnd);
                if (e <= s)
                {
                    continue;
                }

                // A frame or less at a piece's edge is the frame that straddles the edit (its two sides sampled at
                // other instants by two frame rates), not a change of its own.
                var frame = Math.Max(pair.FrameA, pair.FrameB) * 1.01;
                if (e - s <= frame && (s - piece.AStart < frame || piece.AEnd - e < frame))
                {
                    continue;
                }

                runs.Add(Describe(pair, piece, s, e, (aScores, aBest, firstA), (bScores, bBest, firstB), floor));
            }
        }

        return (runs, floor);
    }

    /// <summary>Sorted, with spans closer than <paramref name="gap"/> joined.</summary>
    public static List<(double Start, double End)> Merge(List<(double Start, double End)> spans, double gap)
    {
        spans.Sort((x, y) => x.Start.CompareTo(y.Start));
        var merged = new List<(double Start, double End)>();
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.Start <= merged[^1].End + gap)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, span.End));
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }

    private static (int Score, int Frame) BestOf(ReadOnlySpan<byte> frame, PictureTrack other, int centre, int first, int last)
    {
        if (centre < 0)
        {
            return (255, -1);
        }

        var best = int.MaxValue;
        var bestFrame = centre;
        for (var k = Math.Max(first, centre - 1); k <= Math.Min(last - 1, centre + 1); k++)
        {
            var score = PictureDistance.Peak(frame, other[k]);
            if (score < best)
            {
                best = score;
                bestFrame = k;
            }
        }

        return best == int.MaxValue ? (PictureDistance.Peak(frame, other[Math.Clamp(centre, 0, other.Count - 1)]), centre) : (best, bestFrame);
    }

    private static ChangeRun Describe(
        FramePair pair, AlignedPiece piece, double start, double end, (int[] Scores, int[] Best, int First) sideA, (int[] Scores, int[] Best, int First) sideB, double floor)
    {
        var (aScores, aBest, firstA) = sideA;
        var (bScores, bBest, firstB) = sideB;
        var peak = -1;
        int peakA = -1, peakB = -1;
        // Per cell, in how many changed frames it is above the floor: a cell that changed in most of them is part of
        // the change, one that crossed the floor once is noise.
        Span<int> cells = stackalloc int[PictureTrack.DescriptorLength];
        cells.Clear();
        var changedFrames = 0;
        var from = pair.AFrameAtOrAfter(start) - firstA;
        var to = pair.AFrameAtOrAfter(end) - firstA;
        for (var k = Math.Max(0, from); k < Math.Min(to, aScores.Length); k++)
        {
            var j = aBest[k];
            if (j < 0)
            {
                continue;
            }

            if (aScores[k] > peak)
            {
                (peak, peakA, peakB) = (aScores[k], firstA + k, j);
            }

            if (aScores[k] > floor)
            {
                var fa = pair.A[firstA + k];
                var fb = pair.B[j];
                changedFrames++;
                for (var c = 0; c < cells.Length; c++)
                {
                    cells[c] += Math.Abs(fa[c] - fb[c]) > floor ? 1 : 0;
                }
            }
        }

        var fromB = pair.BFrameAtOrAfter(start + piece.Offset) - firstB;
        var toB = pair.BFrameAtOrAfter(end + piece.Offset) - firstB;
        for (var k = Math.Max(0, fromB); k < Math.Min(toB, bScores.Length); k++)
        {
            if (bBest[k] < 0)
            {
                continue;
            }

            if (bScores[k] > peak)
            {
                (peak, peakA, peakB) = (bScores[k], bBest[k], firstB + k);
            }

            if (bScores[k] > floor)
            {
                var fa = pair.A[bBest[k]];
                var fb = pair.B[firstB + k];
                changedFrames++;
                for (var c = 0; c < cells.Length; c++)
                {
                    cells[c] += Math.Abs(fa[c] - fb[c]) > floor ? 1 : 0;
                }
            }
        }

        var boxes = ChangedCells.Boxes(cells, changedFrames / 2.0);
        return new ChangeRun(start, end, piece.Offset, Picture: true, Sound: false)
        {
            Boxes = boxes,
            PeakExcess = peak / Math.Max(1, floor),
            PeakA = peakA >= 0 ? (peakA + 0.5) / pair.A.FrameRate : start,
            PeakB = peakB >= 0 ? (peakB + 0.5) / pair.B.FrameRate : start + piece.Offset,
        };
    }
}
