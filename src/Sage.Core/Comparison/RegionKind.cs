namespace Sage.Core.Comparison;

/// <summary>How a stretch of the two videos relates.</summary>
public enum RegionKind
{
    /// <summary>Aligned content that does not differ (within the pair's noise floor or the threshold).</summary>
    Same,

    /// <summary>Aligned content that differs: in the picture, the sound or both (<see cref="Region.Difference"/>).</summary>
    Changed,

    /// <summary>Content only in B; in A this is a point (<c>AStart == AEnd</c>).</summary>
    Inserted,

    /// <summary>Content only in A; in B this is a point (<c>BStart == BEnd</c>).</summary>
    Removed,

    /// <summary>Content in both videos at different places: <c>[AStart, AEnd)</c> in A is <c>[BStart, BEnd)</c> in B.</summary>
    Moved,
}
