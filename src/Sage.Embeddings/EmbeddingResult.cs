using Sage.Core.Embeddings;
using Sage.Core.Fingerprints;

namespace Sage.Embeddings;

/// <summary>What an engine produced for one video, with what it could not produce.</summary>
public sealed record EmbeddingResult
{
    public required EmbeddingSet Set { get; init; }

    /// <summary>Options that were wanted but not produced (e.g. audio for a silent-track-less video).</summary>
    public IReadOnlyList<SkippedOption> Skipped { get; init; } = [];

    /// <summary>
    /// How many leading components of each option's vectors carry information. Every vector is
    /// <see cref="EmbeddingSet.Dimension"/> long; shorter features are zero-padded (which changes
    /// neither norms nor cosine similarities), so this is informational.
    /// </summary>
    public IReadOnlyDictionary<string, int> FeatureLengths { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// The frame-level fingerprint, when the engine computed it in its own decode (the local engine does);
    /// <see langword="null"/> otherwise, and the caller fingerprints the video on its own.
    /// </summary>
    public VideoFingerprint? Fingerprint { get; init; }

    /// <summary>Seconds spent embedding.</summary>
    public TimeSpan Elapsed { get; init; }

    public bool HasOption(string option) => Set.Segments.Any(s => s.Option == option);
}
