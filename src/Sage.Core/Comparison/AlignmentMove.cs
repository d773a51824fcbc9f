namespace Sage.Core.Comparison;

/// <summary>One move of an alignment path through the (A clips × B clips) grid.</summary>
internal enum AlignmentMove : byte
{
    /// <summary>A's next clip is paired with B's next clip.</summary>
    Pair,

    /// <summary>A's next clip faces nothing (removed).</summary>
    OnlyA,

    /// <summary>B's next clip faces nothing (inserted).</summary>
    OnlyB,
}
