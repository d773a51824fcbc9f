namespace Sage.Core.Comparison;

/// <summary>For each row i of the alignment grid (0..n), the inclusive column range [Lo[i], Hi[i]] the DP visits.</summary>
internal sealed class AlignmentBand
{
    private AlignmentBand(int[] lo, int[] hi)
    {
        Lo = lo;
        Hi = hi;
    }

    public int[] Lo { get; }

    public int[] Hi { get; }

    public long CellCount
    {
        get
        {
            long cells = 0;
            for (var i = 0; i < Lo.Length; i++)
            {
                cells += Hi[i] - Lo[i] + 1;
            }

            return cells;
        }
    }

    public static AlignmentBand Full(int n, int m)
    {
        var lo = new int[n + 1];
        var hi = new int[n + 1];
        Array.Fill(hi, m);
        return new AlignmentBand(lo, hi);
    }

    /// <summary>
    /// The band around a coarse path scaled up by <paramref name="factor"/>: every fine cell inside a coarse cell
    /// the path crosses, widened by <paramref name="radius"/> rows and columns. The scaled path runs from (0, 0) to (n, m)
    /// through corners shared by consecutive rectangles, so the band always holds a complete path.
    /// </summary>
    public static AlignmentBand Project(AlignmentMove[] coarseMoves, int factor, int n, int m, int radius)
    {
        var lo = new int[n + 1];
        var hi = new int[n + 1];
        Array.Fill(lo, int.MaxValue);
        Array.Fill(hi, -1);

        int ci = 0, cj = 0;
        Cover(0, 0, 0, 0);
        foreach (var move in coarseMoves)
        {
            var ni = move == AlignmentMove.OnlyB ? ci : ci + 1;
            var nj = move == AlignmentMove.OnlyA ? cj : cj + 1;
            Cover(Math.Min(ci * factor, n), Math.Min(ni * factor, n), Math.Min(cj * factor, m), Math.Min(nj * factor, m));
            ci = ni;
            cj = nj;
        }

        // Widen by the radius in both directions (every cell within Chebyshev distance `radius` of the projected
        // path): a coarse gap placed one coarse clip off displaces the rows after it, not just the columns. The
        // path is monotone, so lo and hi never decrease and the window's extremes are its ends.
        var wideLo = new int[n + 1];
        var wideHi = new int[n + 1];
        for (var i = 0; i <= n; i++)
        {
            wideLo[i] = Math.Max(0, lo[Math.Max(0, i - radius)] - radius);
            wideHi[i] = Math.Min(m, hi[Math.Min(n, i + radius)] + radius);
        }

        return new AlignmentBand(wideLo, wideHi);

        void Cover(int row0, int row1, int col0, int col1)
        {
            for (var r = row0; r <= row1; r++)
            {
                lo[r] = Math.Min(lo[r], col0);
                hi[r] = Math.Max(hi[r], col1);
            }
        }
    }

    /// <summary>
    /// For the frame-grid alignment: rows 0..<paramref name="n"/>, columns 0..<paramref name="m"/>: every B time within <paramref name="radius"/>
    /// seconds of a clip step whose A span is within <paramref name="radius"/> of the row's time.
    /// </summary>
    public static AlignmentBand AroundSteps(IReadOnlyList<AlignmentStep> steps, int n, int m, double step, double radius)
    {
        var lo = new int[n + 1];
        var hi = new int[n + 1];
        int first = 0, last = -1;
        for (var i = 0; i <= n; i++)
        {
            var t = i * step;
            // Steps are in order in A and in B: the first whose A end reaches t − radius has the smallest B start,
            // the last whose A start is within t + radius the largest B end.
            while (first < steps.Count && steps[first].AEnd < t - radius)
            {
                first++;
            }

            while (last + 1 < steps.Count && steps[last + 1].AStart <= t + radius)
            {
                last++;
            }

            double bLow, bHigh;
            if (steps.Count == 0)
            {
                bLow = 0;
                bHigh = m * step;
            }
            else
            {
                var f = Math.Min(first, steps.Count - 1);
                var l = Math.Max(last, f);
                bLow = Math.Min(steps[f].BStart, steps[l].BStart);
                bHigh = Math.Max(steps[f].BEnd, steps[l].BEnd);
            }

            lo[i] = Math.Clamp((int)Math.Floor((bLow - radius) / step), 0, m);
            hi[i] = Math.Clamp((int)Math.Ceiling((bHigh + radius) / step), 0, m);
        }

        lo[0] = 0;
        hi[n] = m;
        for (var i = n - 1; i >= 0; i--)
        {
            lo[i] = Math.Min(lo[i], lo[i + 1]);
        }

        for (var i = 1; i <= n; i++)
        {
            hi[i] = Math.Max(hi[i], hi[i - 1]);
            lo[i] = Math.Min(lo[i], hi[i - 1] + 1);
            hi[i] = Math.Max(hi[i], lo[i]);
        }

        return new AlignmentBand(lo, hi);
    }

    /// <summary>Whether every cell of the path lies in the band.</summary>
    public bool Contains(AlignmentMove[] moves)
    {
        int i = 0, j = 0;
        if (!Holds(0, 0))
        {
            return false;
        }

        foreach (var move in moves)
        {
            i += move == AlignmentMove.OnlyB ? 0 : 1;
            j += move == AlignmentMove.OnlyA ? 0 : 1;
            if (!Holds(i, j))
            {
                return false;
            }
        }

        return true;

        bool Holds(int row, int col) => row < Lo.Length && col >= Lo[row] && col <= Hi[row];
    }
}
