namespace Sage.Core.Comparison;

/// <summary>
/// Aligns two frame grids inside a band (Needleman–Wunsch with Gotoh's affine gaps, minimising Σ picture distance
/// of paired grid points + gap costs) and returns the diagonal runs of the path as pieces of constant offset.
/// </summary>
/// <remarks>
/// The gap costs scale with the pair's own distance between unrelated pictures (<c>unrelated</c>, a median over
/// random grid pairs), so they mean the same on a dark, grainy film and on a bright cartoon:
/// <list type="bullet">
/// <item>extend = unrelated / 2: a stretch shown at the same time in both videos stays paired (a change, not a removal
/// plus an insertion) unless its pictures are further apart than unrelated ones;</item>
/// <item>open = 5 · extend, as much as half a second of gap: noise never buys a spurious shift.</item>
/// </list>
/// Gaps are forced only where the lengths differ, and they go where pairing would cost most: at the edit.
/// </remarks>
internal static class FrameAligner
{
    private const byte FromPair = 0;
    private const byte FromOnlyA = 1;
    private const byte FromOnlyB = 2;

    public static IReadOnlyList<AlignedPiece> Align(FrameGrid a, FrameGrid b, AlignmentBand band, double unrelated, CancellationToken cancellationToken)
    {
        var extend = Math.Max(unrelated, 1) / 2;
        var open = 5 * extend;
        var moves = Path(a, b, band, open, extend, cancellationToken);
        return Pieces(moves);
    }

    /// <summary>The median distance between grid points of A and B taken at random: what "unrelated" costs for this pair.</summary>
    public static double UnrelatedDistance(FrameGrid a, FrameGrid b) => UnrelatedMedian(a, b, PictureDistance.Mean);

    /// <summary>The median <see cref="PictureDistance.Peak"/> of grid points taken at random: the largest cell difference of unrelated pictures.</summary>
    public static double UnrelatedPeak(FrameGrid a, FrameGrid b) => UnrelatedMedian(a, b, (x, y) => PictureDistance.Peak(x, y));

    private static double UnrelatedMedian(FrameGrid a, FrameGrid b, Distance distance)
    {
        const int samples = 2048;
        var random = new Random(20261202);
        var distances = new double[samples];
        for (var s = 0; s < samples; s++)
        {
            distances[s] = distance(a[random.Next(a.Count)], b[random.Next(b.Count)]);
        }

        Array.Sort(distances);
        return distances[samples / 2];
    }

    private delegate double Distance(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b);

    private static AlignmentMove[] Path(FrameGrid a, FrameGrid b, AlignmentBand band, double open, double extend, CancellationToken cancellationToken)
    {
        int n = a.Count, m = b.Count;
        var lo = band.Lo;
        var hi = band.Hi;
        var offsets = new long[n + 2];
        for (var i = 0; i <= n; i++)
        {
            offsets[i + 1] = offsets[i] + (hi[i] - lo[i] + 1);
        }

        // Per cell: bits 0-1 where the pair state came from, 2-3 the only-A state, 4-5 the only-B state.
        var trace = new byte[offsets[n + 1]];
        var width = 0;
        for (var i = 0; i <= n; i++)
        {
            width = Math.Max(width, hi[i] - lo[i] + 1);
        }

        var prevPair = new double[width];
        var prevOnlyA = new double[width];
        var prevOnlyB = new double[width];
        var pair = new double[width];
        var onlyA = new double[width];
        var onlyB = new double[width];

        // Row 0: only-B moves along the top.
        for (var j = lo[0]; j <= hi[0]; j++)
        {
            var c = j - lo[0];
            pair[c] = j == 0 ? 0 : double.PositiveInfinity;
            onlyA[c] = double.PositiveInfinity;
            onlyB[c] = j == 0 ? double.PositiveInfinity : open + (j * extend);
            trace[offsets[0] + c] = (byte)((j <= 1 ? FromPair : FromOnlyB) << 4);
        }

        for (var i = 1; i <= n; i++)
        {
            if ((i & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            (prevPair, pair) = (pair, prevPair);
            (prevOnlyA, onlyA) = (onlyA, prevOnlyA);
            (prevOnlyB, onlyB) = (onlyB, prevOnlyB);
            int rowLo = lo[i], rowHi = hi[i], prevLo = lo[i - 1], prevHi = hi[i - 1];
            var rowA = a[i - 1];
            for (var j = rowLo; j <= rowHi; j++)
            {
                var c = j - rowLo;
                byte bits = 0;

                // Pair (i-1, j-1).
                var best = double.PositiveInfinity;
                if (j >= 1 && j - 1 >= prevLo && j - 1 <= prevHi)
                {
                    var p = j - 1 - prevLo;
                    best = prevPair[p];
                    if (prevOnlyA[p] < best)
                    {
                        best = prevOnlyA[p];
                        bits = FromOnlyA;
                    }

                    if (prevOnlyB[p] < best)
                    {
                        best = prevOnlyB[p];
                        bits = FromOnlyB;
                    }

                    best += PictureDistance.Mean(rowA, b[j - 1]);
                }

                pair[c] = best;

                // Only A: (i-1, j) → (i, j).
                var bestA = double.PositiveInfinity;
                byte fromA = FromPair;
                if (j >= prevLo && j <= prevHi)
                {
                    var p = j - prevLo;
                    bestA = prevPair[p] + open + extend;
                    if (prevOnlyA[p] + extend < bestA)
                    {
                        bestA = prevOnlyA[p] + extend;
                        fromA = FromOnlyA;
                    }

                    if (prevOnlyB[p] + open + extend < bestA)
                    {
                        bestA = prevOnlyB[p] + open + extend;
                        fromA = FromOnlyB;
                    }
                }

                onlyA[c] = bestA;

                // Only B: (i, j-1) → (i, j).
                var bestB = double.PositiveInfinity;
                byte fromB = FromPair;
                if (j - 1 >= rowLo)
                {
                    bestB = pair[c - 1] + open + extend;
                    if (onlyB[c - 1] + extend < bestB)
                    {
                        bestB = onlyB[c - 1] + extend;
                        fromB = FromOnlyB;
                    }

                    if (onlyA[c - 1] + open + extend < bestB)
                    {
                        bestB = onlyA[c - 1] + open + extend;
                        fromB = FromOnlyA;
                    }
                }

                onlyB[c] = bestB;
                trace[offsets[i] + c] = (byte)(bits | (fromA << 2) | (fromB << 4));
            }
        }

        // Trace back from (n, m) in the cheapest state.
        var last = m - lo[n];
        var state = FromPair;
        var end = pair[last];
        if (onlyA[last] < end)
        {
            end = onlyA[last];
            state = FromOnlyA;
        }

        if (onlyB[last] < end)
        {
            state = FromOnlyB;
        }

        var moves = new List<AlignmentMove>(n + m);
        int ii = n, jj = m;
        while (ii > 0 || jj > 0)
        {
            var cell = trace[offsets[ii] + (jj - lo[ii])];
            if (ii == 0)
            {
                state = FromOnlyB;
            }
            else if (jj == 0)
            {
                state = FromOnlyA;
            }

            switch (state)
            {
                case FromPair:
                    moves.Add(AlignmentMove.Pair);
                    state = (byte)(cell & 3);
                    ii--;
                    jj--;
                    break;
                case FromOnlyA:
                    moves.Add(AlignmentMove.OnlyA);
                    state = (byte)((cell >> 2) & 3);
                    ii--;
                    break;
                default:
                    moves.Add(AlignmentMove.OnlyB);
                    state = (byte)((cell >> 4) & 3);
                    jj--;
                    break;
            }
        }

        moves.Reverse();
        return [.. moves];
    }

    /// <summary>The diagonal runs of a grid path, as pieces in seconds.</summary>
    private static List<AlignedPiece> Pieces(AlignmentMove[] moves)
    {
        var pieces = new List<AlignedPiece>();
        int i = 0, j = 0, runStart = -1, runOffset = 0;
        foreach (var move in moves)
        {
            if (move == AlignmentMove.Pair)
            {
                if (runStart < 0)
                {
                    runStart = i;
                    runOffset = j - i;
                }

                i++;
                j++;
                continue;
            }

            Close();
            if (move == AlignmentMove.OnlyA)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        Close();
        return pieces;

        void Close()
        {
            if (runStart >= 0)
            {
                pieces.Add(new AlignedPiece(runStart * FrameGrid.Step, i * FrameGrid.Step, runOffset * FrameGrid.Step));
                runStart = -1;
            }
        }
    }
}
