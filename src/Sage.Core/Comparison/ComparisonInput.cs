using Sage.Core.Embeddings;
using Sage.Core.Fingerprints;

namespace Sage.Core.Comparison;

/// <summary>One side of a comparison: its clip embeddings and, when it has been computed, its frame-level fingerprint.</summary>
public sealed record ComparisonInput(EmbeddingSet Embeddings, VideoFingerprint? Fingerprint = null);
