namespace Sage.Core.Comparison;

/// <summary>How a stretch of the two videos relates.</summary>
public enum RegionKind
{
    /// <summary>Aligned clips whose distance is at or below the threshold.</summary>
    Same,

    /// <summary>Aligned clips whose distance is above the threshold.</summary>
    Changed,

    /// <summary>Clips only in B; in A this is a point (<c>AStart == AEnd</c>).</summary>
    Inserted,

    /// <summary>Clips only in A; in B this is a point (<c>BStart == BEnd</c>).</summary>
    Removed,
}
