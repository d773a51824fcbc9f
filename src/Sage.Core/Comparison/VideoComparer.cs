using Sage.Core.Embeddings;
using Sage.Core.Fingerprints;

namespace Sage.Core.Comparison;

/// <summary>Finds where two videos differ from their clip embeddings.</summary>
/// <remarks>
/// Only clip-scope segments are used, one sequence per option. Each clip pair's distance is the weighted mean of
/// its per-option cosine distances (1 − a·b/(|a||b|), 0..2). <see cref="ComparisonMode.Aligned"/> aligns the
/// sequences globally (<see cref="SequenceAligner"/>: full DP up to ~2,048 clips a side, banded and hierarchical
/// beyond, linear memory); <see cref="ComparisonMode.Index"/> pairs clip i with clip i as the original SAGE did and
/// reports the surplus of the longer video as inserted or removed.
/// </remarks>
public static class VideoComparer
{
    /// <summary>Compares <paramref name="a"/> (the reference) with <paramref name="b"/>.</summary>
    /// <exception cref="IncompatibleEmbeddingSetsException">Engine, model or dimension differ, or the sets share no clip option.</exception>
    /// <exception cref="InvalidComparisonOptionsException">Threshold, weights or mode are invalid.</exception>
    public static ComparisonResult Compare(EmbeddingSet a, EmbeddingSet b, ComparisonOptions options, CancellationToken cancellationToken = default) =>
        Compare(a, b, options, AlignmentSettings.Default, cancellationToken);

    /// <summary>
    /// Compares <paramref name="a"/> (the reference) with <paramref name="b"/>. In aligned mode, when both sides have
    /// a fingerprint, the clip path is refined to the frame (<see cref="FrameComparison"/>); otherwise the result has
    /// clip precision.
    /// </summary>
    public static ComparisonResult Compare(ComparisonInput a, ComparisonInput b, ComparisonOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(options);
        var coarse = Compare(a.Embeddings, b.Embeddings, options, AlignmentSettings.Default, cancellationToken);
        return options.Mode == ComparisonMode.Aligned && a.Fingerprint is { } fa && b.Fingerprint is { } fb
            ? SpeechChanges.Mark(FrameComparison.Refine(coarse, fa, fb, cancellationToken), a.Embeddings, b.Embeddings, coarse.Threshold)
            : coarse;
    }

    /// <summary>
    /// Re-classifies a result's paired steps with another threshold and rebuilds regions and totals. The path is
    /// unchanged: it never depends on the threshold.
    /// </summary>
    public static ComparisonResult Reclassify(ComparisonResult result, double threshold)
    {
        ArgumentNullException.ThrowIfNull(result);
        ValidateThreshold(threshold);
        var steps = result.Steps
            .Select(s => s.Distance is { } d ? s with { Kind = ComparisonResultBuilder.Classify(d, threshold) } : s)
            .ToArray();
        return ComparisonResultBuilder.Summarise(
            result.Mode, threshold, false, steps, result.Options, result.Weights, result.DurationA, result.DurationB);
    }

    internal static ComparisonResult Compare(
        EmbeddingSet a,
        EmbeddingSet b,
        ComparisonOptions options,
        AlignmentSettings settings,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Mode))
        {
            throw new InvalidComparisonOptionsException($"Unknown comparison mode {(int)options.Mode}.");
        }

        if (options.Threshold is { } threshold)
        {
            ValidateThreshold(threshold);
        }

        EnsureCompatible(a, b);
        var compared = ComparedOptions(a, b);
        if (options.Weights is null && compared.Count > 1 && compared.Contains(EmbeddingOption.Transcription, StringComparer.Ordinal))
        {
            // Transcription clips exist only where someone speaks: a silent stretch would be paired with the words
            // of the nearest speech. Unless weights ask for it, the clip path leaves it out; the frame comparison
            // still reads it to tell a speech change (SpeechChanges).
            compared = [.. compared.Where(o => o != EmbeddingOption.Transcription)];
        }

        var weights = NormalisedWeights(compared, options.Weights);
        var weightList = compared.Select(o => weights[o]).ToArray();

        var sequenceA = ClipSequence.Create(a, compared, weightList, "A");
        var sequenceB = ClipSequence.Create(b, compared, weightList, "B");
        var moves = options.Mode == ComparisonMode.Index
            ? IndexPairing(sequenceA.Count, sequenceB.Count)
            : SequenceAligner.Align(sequenceA.Combined, sequenceB.Combined, settings, cancellationToken).Moves;

        return ComparisonResultBuilder.FromPath(options.Mode, moves, sequenceA, sequenceB, compared, weights, options.Threshold);
    }

    private static void ValidateThreshold(double threshold)
    {
        if (!double.IsFinite(threshold) || threshold <= 0 || threshold > 2)
        {
            throw new InvalidComparisonOptionsException(
                $"Threshold must be a cosine distance greater than 0 and at most 2; got {threshold}.", nameof(threshold));
        }
    }

    private static void EnsureCompatible(EmbeddingSet a, EmbeddingSet b)
    {
        if (!string.Equals(a.Engine, b.Engine, StringComparison.Ordinal) ||
            !string.Equals(a.Model, b.Model, StringComparison.Ordinal) ||
            a.Dimension != b.Dimension)
        {
            throw new IncompatibleEmbeddingSetsException(
                $"The videos were embedded differently and cannot be compared: A by {a.Engine}/{a.Model} ({a.Dimension} dimensions), " +
                $"B by {b.Engine}/{b.Model} ({b.Dimension} dimensions). Embed both with the same engine and model.");
        }
    }

    /// <summary>Options both sets have; when one set has no clips, the other's options (they only place its clips in time).</summary>
    private static IReadOnlyList<string> ComparedOptions(EmbeddingSet a, EmbeddingSet b)
    {
        var optionsA = a.ClipOptions;
        var optionsB = b.ClipOptions;
        if (optionsA.Count == 0 || optionsB.Count == 0)
        {
            return optionsA.Count == 0 ? optionsB : optionsA;
        }

        var common = optionsA.Intersect(optionsB, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (common.Length == 0)
        {
            throw new IncompatibleEmbeddingSetsException(
                $"The videos share no embedding option: A has {string.Join(", ", optionsA)}, B has {string.Join(", ", optionsB)}.");
        }

        return common;
    }

    private static Dictionary<string, double> NormalisedWeights(IReadOnlyList<string> compared, IReadOnlyDictionary<string, double>? requested)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        if (requested is null)
        {
            foreach (var option in compared)
            {
                weights[option] = 1.0 / compared.Count;
            }

            return weights;
        }

        foreach (var (option, weight) in requested)
        {
            if (!compared.Contains(option, StringComparer.Ordinal))
            {
                throw new InvalidComparisonOptionsException(
                    $"Weight given for '{option}', which is not an option both videos have; options: {string.Join(", ", compared)}.");
            }

            if (!double.IsFinite(weight) || weight < 0)
            {
                throw new InvalidComparisonOptionsException($"Weight of '{option}' must be a finite number ≥ 0; got {weight}.");
            }
        }

        var sum = compared.Sum(o => requested.GetValueOrDefault(o));
        if (compared.Count > 0 && !(sum > 0))
        {
            throw new InvalidComparisonOptionsException("At least one weight must be positive.");
        }

        foreach (var option in compared)
        {
            weights[option] = requested.GetValueOrDefault(option) / sum;
        }

        return weights;
    }

    /// <summary>The original SAGE's pairing: clip i with clip i; the longer video's surplus stands alone.</summary>
    private static AlignmentMove[] IndexPairing(int n, int m)
    {
        var moves = new AlignmentMove[Math.Max(n, m)];
        var paired = Math.Min(n, m);
        Array.Fill(moves, AlignmentMove.Pair, 0, paired);
        Array.Fill(moves, n > m ? AlignmentMove.OnlyA : AlignmentMove.OnlyB, paired, moves.Length - paired);
        return moves;
    }
}
