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
