namespace Sage.Core.Comparison;

/// <summary>How clips of A are paired with clips of B.</summary>
public enum ComparisonMode
{
    /// <summary>Global alignment with affine gaps: insertions, deletions, trims and offsets line up.</summary>
    Aligned,

    /// <summary>The original SAGE's pairing: clip i of A with clip i of B, by list position.</summary>
    Index,
}
