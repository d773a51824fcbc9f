namespace Sage.Core.Comparison;

/// <summary>
/// The cells of the frame-grid alignment that lie near the clip path: for row <c>i</c> (A at <c>i · Step</c>) the
/// columns <c>[Lo[i], Hi[i]]</c>. Both bounds never decrease and consecutive rows touch, so the band always holds a
/// complete path from (0, 0) to (n, m).
/// </summary>
internal sealed class FrameBand
{
    private FrameBand(int[] lo, int[] hi)
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

    /// <summary>
    /// Rows 0..<paramref name="n"/>, columns 0..<paramref name="m"/>: every B time within <paramref name="radius"/>
    /// seconds of a clip step whose A span is within <paramref name="radius"/> of the row's time.
    /// </summary>
    public static FrameBand AroundSteps(IReadOnlyList<AlignmentStep> steps, int n, int m, double step, double radius)
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

        return new FrameBand(lo, hi);
    }

    public static FrameBand Full(int n, int m)
    {
        var lo = new int[n + 1];
        var hi = new int[n + 1];
        Array.Fill(hi, m);
        return new FrameBand(lo, hi);
    }
}
