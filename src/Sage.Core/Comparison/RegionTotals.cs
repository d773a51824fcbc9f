namespace Sage.Core.Comparison;

/// <summary>The totals of a comparison from its regions, at either precision.</summary>
internal static class RegionTotals
{
    public static ComparisonStatistics Of(IReadOnlyList<Region> regions, double durationA, double durationB, int clipsCompared, int clipsChanged)
    {
        double sameA = 0, sameB = 0, changed = 0, inserted = 0, removed = 0, moved = 0;
        foreach (var region in regions)
        {
            switch (region.Kind)
            {
                case RegionKind.Same:
                    sameA += region.AEnd - region.AStart;
                    sameB += region.BEnd - region.BStart;
                    break;
                case RegionKind.Changed:
                    changed += region.AEnd - region.AStart;
                    break;
                case RegionKind.Inserted:
                    inserted += region.BEnd - region.BStart;
                    break;
                case RegionKind.Removed:
                    removed += region.AEnd - region.AStart;
                    break;
                default:
                    moved += region.AEnd - region.AStart;
                    break;
            }
        }

        var total = durationA + durationB;
        var similarity = total > 0 ? 100 * (sameA + sameB) / total : 100;
        return new ComparisonStatistics(similarity, sameA, changed, inserted, removed, clipsCompared, clipsChanged) { SecondsMoved = moved };
    }
}
