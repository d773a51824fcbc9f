namespace Sage.Core.Comparison;

/// <summary>Size limits of the alignment; the defaults are for production, tests shrink them.</summary>
/// <param name="FullCellLimit">
/// Largest (n+1)·(m+1) aligned by full dynamic programming (one traceback byte per cell). Above it the alignment
/// is hierarchical: align averaged clips, then only a band around that path.
/// </param>
/// <param name="CoarseningFactor">Clips averaged into one at the coarse level.</param>
/// <param name="BandRadius">Extra clips on each side of the projected coarse path.</param>
internal sealed record AlignmentSettings(long FullCellLimit, int CoarseningFactor, int BandRadius)
{
    /// <summary>
    /// 2²² cells ≈ 2,048 × 2,048 clips (68 minutes a side at 2 s): 4 MiB of traceback. A coarse factor of 16 with a
    /// 64-clip radius (four coarse clips of slack each way: the coarse path may misplace nearby edits that almost
    /// cancel) keeps 4-hour videos (7,200 clips) at ~270 cells per row, ~2 M cells in all.
    /// </summary>
    public static AlignmentSettings Default { get; } = new(1L << 22, 16, 64);
}
