namespace Sage.Core.Comparison;

/// <summary>
/// A stretch of A shown in B at a constant offset: <c>[AStart, AEnd)</c> in A is <c>[AStart + Offset, AEnd + Offset)</c>
/// in B. Edits change the offset from one piece to the next; a frame-rate conversion does not (times are presentation times).
/// </summary>
internal readonly record struct AlignedPiece(double AStart, double AEnd, double Offset)
{
    public double BStart => AStart + Offset;

    public double BEnd => AEnd + Offset;

    public double Length => AEnd - AStart;
}
