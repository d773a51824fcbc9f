using System.Runtime.CompilerServices;

// The tests pin the banded alignment against the full one with small size limits.
[assembly: InternalsVisibleTo("Sage.Core.Tests")]

// The embeddings bench measures the fingerprint codec's compressors on the same delta-coded body.
[assembly: InternalsVisibleTo("Sage.Bench.Embeddings")]
