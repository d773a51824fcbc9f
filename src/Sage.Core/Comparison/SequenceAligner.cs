namespace Sage.Core.Comparison;

/// <summary>
/// Global alignment of two clip sequences (Needleman–Wunsch with Gotoh's affine gaps) minimising
/// Σ distance of paired clips + Σ gap costs.
/// </summary>
/// <remarks>
/// <para><b>Cost model.</b> Pairing clips costs their combined cosine distance d ∈ [0, 2]. A run of k unpaired
/// clips costs <see cref="GapOpen"/> + k·<see cref="GapExtend"/>.</para>
/// <list type="bullet">
/// <item><see cref="GapExtend"/> = 1 = half the largest distance: one removed clip plus one inserted clip (2) never
/// beats pairing them (≤ 2), so a block replaced by one of the same length comes out as <c>changed</c>, not as
/// <c>removed</c> + <c>inserted</c>. Unpaired clips appear only where the lengths differ or where shifting the
/// pairing pays for itself.</item>
/// <item><see cref="GapOpen"/> = 1 makes a shift (one gap each way, cost ≥ 4) worth it only when it saves more
/// than 4 in summed distance, e.g. 8 clips of a 0.5 mismatch: noise between re-encodings never buys a spurious
/// shift, a real offset or trim always does, and a 3-clip insertion stays one block instead of scattered gaps.</item>
/// <item>The costs do not use the threshold, so the path is the same for every threshold: a client re-classifies
/// the steps' distances with a new threshold without re-aligning.</item>
/// </list>
/// <para><b>Size.</b> Up to <see cref="AlignmentSettings.FullCellLimit"/> grid cells (default 2²² ≈ 2,048 clips a
/// side) the full grid is searched: O(n·m) time, n·m bytes of traceback. Beyond it the alignment is hierarchical
/// (as in FastDTW): clips are averaged in runs of <see cref="AlignmentSettings.CoarseningFactor"/>, the coarse
/// sequences are aligned (recursively), and the full-resolution DP runs only in a band of
/// <see cref="AlignmentSettings.BandRadius"/> clips around the projected coarse path: O((n+m)·band) time and
/// memory. It finds the optimum whenever the optimal path stays in the band, which holds for edits the coarse
/// level can see (blocks of a few coarse clips); a fine detail the averaging hides may cost a slightly worse
/// path, never a failure.</para>
/// </remarks>
internal static class SequenceAligner
{
    /// <summary>Cost of starting a run of unpaired clips (on top of <see cref="GapExtend"/> per clip).</summary>
    public const double GapOpen = 1.0;

    /// <summary>Cost per unpaired clip.</summary>
    public const double GapExtend = 1.0;

    private const byte FromPair = 0;
    private const byte FromOnlyA = 1;
    private const byte FromOnlyB = 2;

    /// <summary>Distance rows computed per block; bounds the scratch buffer at ~1 MiB.</summary>
    private const int DistanceBlockFloats = 1 << 18;

    /// <summary>Below this many multiply-adds a block is computed on the calling thread.</summary>
    private const long ParallelWorkThreshold = 1L << 21;

    public static AlignmentPath Align(ClipVectors a, ClipVectors b, AlignmentSettings settings, CancellationToken cancellationToken) =>
        Align(a, b, settings, GapOpen, cancellationToken);

    /// <summary>The cheapest path that stays inside <paramref name="band"/>.</summary>
    public static AlignmentPath AlignInBand(ClipVectors a, ClipVectors b, AlignmentBand band, CancellationToken cancellationToken) =>
        AlignInBand(a, b, band, GapOpen, cancellationToken);

    private static AlignmentPath Align(ClipVectors a, ClipVectors b, AlignmentSettings settings, double gapOpen, CancellationToken cancellationToken)
    {
        int n = a.Count, m = b.Count;
        var factor = settings.CoarseningFactor;
        if ((long)(n + 1) * (m + 1) <= settings.FullCellLimit || Math.Max(n, m) <= factor)
        {
            return AlignInBand(a, b, AlignmentBand.Full(n, m), gapOpen, cancellationToken);
        }

        // A coarse clip stands for `factor` clips, so distances and gap extensions add up to about 1/factor of the
        // fine costs; only the gap open would not shrink. Scaling it keeps the coarse level as willing to open a
        // gap as the fine one, so nearby edits that almost cancel (a cut, then an insertion) still show there.
        var coarse = Align(a.Coarsen(factor), b.Coarsen(factor), settings, gapOpen / factor, cancellationToken);
        var band = AlignmentBand.Project(coarse.Moves, factor, n, m, settings.BandRadius);
        return AlignInBand(a, b, band, gapOpen, cancellationToken);
    }

    private static AlignmentPath AlignInBand(ClipVectors a, ClipVectors b, AlignmentBand band, double gapOpen, CancellationToken cancellationToken)
    {
        int n = a.Count, m = b.Count;
        int[] lo = band.Lo, hi = band.Hi;
        var open = gapOpen + GapExtend;
        const double extend = GapExtend;
        const double inf = double.PositiveInfinity;

        // One traceback byte per band cell: bits 0-1 say where the best Pair state came from, 2-3 the OnlyA
        // state, 4-5 the OnlyB state.
        var offsets = new int[n + 2];
        var width = 0;
        for (var i = 0; i <= n; i++)
        {
            var rowWidth = hi[i] - lo[i] + 1;
            width = Math.Max(width, rowWidth);
            var next = (long)offsets[i] + rowWidth;
            if (next > Array.MaxLength)
            {
                throw new InvalidOperationException($"Alignment band of {band.CellCount} cells is too large.");
            }

            offsets[i + 1] = (int)next;
        }

        var trace = new byte[offsets[n + 1]];
        double[] pM = new double[m + 1], pA = new double[m + 1], pB = new double[m + 1];
        double[] cM = new double[m + 1], cA = new double[m + 1], cB = new double[m + 1];

        // Row 0: only B's clips can have been consumed.
        for (var j = lo[0]; j <= hi[0]; j++)
        {
            cM[j] = j == 0 ? 0 : inf;
            cA[j] = inf;
            if (j == 0)
            {
                cB[j] = inf;
                continue;
            }

            var (cost, from) = Best(cM[j - 1] + open, cA[j - 1] + open, cB[j - 1] + extend);
            cB[j] = cost;
            trace[offsets[0] + j - lo[0]] = (byte)(from << 4);
        }

        var rowsPerBlock = Math.Max(1, DistanceBlockFloats / width);
        var distances = new float[rowsPerBlock * width];
        for (var blockStart = 1; blockStart <= n; blockStart += rowsPerBlock)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var blockEnd = Math.Min(n, blockStart + rowsPerBlock - 1);
            FillDistances(a, b, lo, hi, blockStart, blockEnd, distances, width);

            for (var i = blockStart; i <= blockEnd; i++)
            {
                (pM, cM) = (cM, pM);
                (pA, cA) = (cA, pA);
                (pB, cB) = (cB, pB);
                int loPrev = lo[i - 1], hiPrev = hi[i - 1], loRow = lo[i], hiRow = hi[i];
                var row = distances.AsSpan((i - blockStart) * width, width);
                var traceRow = trace.AsSpan(offsets[i], hiRow - loRow + 1);
                for (var j = loRow; j <= hiRow; j++)
                {
                    double pair = inf, onlyA = inf, onlyB = inf;
                    byte pairFrom = 0, onlyAFrom = 0, onlyBFrom = 0;
                    if (j >= 1 && j - 1 >= loPrev && j - 1 <= hiPrev)
                    {
                        (pair, pairFrom) = Best(pM[j - 1], pA[j - 1], pB[j - 1]);
                        pair += row[j - loRow];
                    }

                    if (j >= loPrev && j <= hiPrev)
                    {
                        (onlyA, onlyAFrom) = Best(pM[j] + open, pA[j] + extend, pB[j] + open);
                    }

                    if (j - 1 >= loRow)
                    {
                        (onlyB, onlyBFrom) = Best(cM[j - 1] + open, cA[j - 1] + open, cB[j - 1] + extend);
                    }

                    cM[j] = pair;
                    cA[j] = onlyA;
                    cB[j] = onlyB;
                    traceRow[j - loRow] = (byte)(pairFrom | (onlyAFrom << 2) | (onlyBFrom << 4));
                }
            }
        }

        var (total, state) = Best(cM[m], cA[m], cB[m]);
        return new AlignmentPath(Traceback(n, m, state, trace, offsets, lo), total);
    }

    private static AlignmentMove[] Traceback(int n, int m, byte state, byte[] trace, int[] offsets, int[] lo)
    {
        var moves = new List<AlignmentMove>(n + m);
        int i = n, j = m;
        while (i > 0 || j > 0)
        {
            var cell = trace[offsets[i] + j - lo[i]];
            switch (state)
            {
                case FromPair:
                    moves.Add(AlignmentMove.Pair);
                    state = (byte)(cell & 3);
                    i--;
                    j--;
                    break;
                case FromOnlyA:
                    moves.Add(AlignmentMove.OnlyA);
                    state = (byte)((cell >> 2) & 3);
                    i--;
                    break;
                default:
                    moves.Add(AlignmentMove.OnlyB);
                    state = (byte)((cell >> 4) & 3);
                    j--;
                    break;
            }
        }

        moves.Reverse();
        return [.. moves];
    }

    /// <summary>Smallest of the three; ties go to pairing, then to A-only, so equal inputs give one path.</summary>
    private static (double Cost, byte From) Best(double pair, double onlyA, double onlyB)
    {
        var best = pair;
        var from = FromPair;
        if (onlyA < best)
        {
            best = onlyA;
            from = FromOnlyA;
        }

        if (onlyB < best)
        {
            best = onlyB;
            from = FromOnlyB;
        }

        return (best, from);
    }

    /// <summary>Distances for rows blockStart..blockEnd: row i, column j holds d(A[i-1], B[j-1]) at j - lo[i].</summary>
    /// <remarks>
    /// Cache tiling: a tile of <see cref="RowTile"/> A clips meets B in runs of columns that fit in L2 (~512 KiB),
    /// so each B vector comes from L3 once per tile instead of once per row; without it the 600-clip case was
    /// bound by L3 bandwidth (4.9 MB of B streamed per row).
    /// </remarks>
    private static void FillDistances(ClipVectors a, ClipVectors b, int[] lo, int[] hi, int blockStart, int blockEnd, float[] distances, int width)
    {
        long work = 0;
        for (var i = blockStart; i <= blockEnd; i++)
        {
            work += hi[i] - lo[i] + 1;
        }

        work *= a.Stride;
        var tiles = ((blockEnd - blockStart) / RowTile) + 1;
        var columnTile = Math.Max(8, (512 * 1024) / (b.Stride * sizeof(float)));
        if (work < ParallelWorkThreshold || tiles == 1)
        {
            for (var t = 0; t < tiles; t++)
            {
                FillTile(a, b, lo, hi, blockStart, blockEnd, t, columnTile, distances, width);
            }
        }
        else
        {
            Parallel.For(0, tiles, t => FillTile(a, b, lo, hi, blockStart, blockEnd, t, columnTile, distances, width));
        }
    }

    private const int RowTile = 16;

    private static void FillTile(ClipVectors a, ClipVectors b, int[] lo, int[] hi, int blockStart, int blockEnd, int tile, int columnTile, float[] distances, int width)
    {
        var first = blockStart + (tile * RowTile);
        var last = Math.Min(blockEnd, first + RowTile - 1);

        // Rows of a monotone band start and end at non-decreasing columns, but take the extremes anyway.
        int from = int.MaxValue, to = int.MinValue;
        for (var i = first; i <= last; i++)
        {
            from = Math.Min(from, Math.Max(1, lo[i]));
            to = Math.Max(to, hi[i]);
        }

        for (var tileStart = from; tileStart <= to; tileStart += columnTile)
        {
            var tileEnd = Math.Min(to, tileStart + columnTile - 1);
            for (var i = first; i <= last; i++)
            {
                var start = Math.Max(tileStart, Math.Max(1, lo[i]));
                var end = Math.Min(tileEnd, hi[i]);
                if (start <= end)
                {
                    FillRow(a, b, i, start, end, lo[i], distances.AsSpan((i - blockStart) * width, width));
                }
            }
        }
    }

    /// <summary>Row i, columns start..end (both ≥ 1), into <paramref name="row"/> at j - loRow.</summary>
    private static void FillRow(ClipVectors a, ClipVectors b, int i, int start, int end, int loRow, Span<float> row)
    {
        var clipA = a[i - 1];
        Span<float> dots = stackalloc float[4];
        var j = start;
        for (; j + 3 <= end; j += 4)
        {
            ClipVectors.Dot4(clipA, b[j - 1], b[j], b[j + 1], b[j + 2], dots);
            row[j - loRow] = ClipVectors.ToDistance(dots[0]);
            row[j + 1 - loRow] = ClipVectors.ToDistance(dots[1]);
            row[j + 2 - loRow] = ClipVectors.ToDistance(dots[2]);
            row[j + 3 - loRow] = ClipVectors.ToDistance(dots[3]);
        }

        for (; j <= end; j++)
        {
            row[j - loRow] = ClipVectors.ToDistance(ClipVectors.Dot(clipA, b[j - 1]));
        }
    }
}
