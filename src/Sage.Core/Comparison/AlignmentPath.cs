namespace Sage.Core.Comparison;

/// <summary>An alignment from start to end and what it cost under the aligner's cost model.</summary>
internal sealed record AlignmentPath(AlignmentMove[] Moves, double Cost);
