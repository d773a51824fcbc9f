using Sage.Core.Embeddings;

namespace Sage.Core.Comparison;

/// <summary>
/// Tells a speech change from another sound change with the engine's transcription embeddings, where both videos
/// have them: a sound change whose words (the transcription clips over it) differ is <see cref="SoundChangeKind.Speech"/>.
/// Transcription clips cover only the stretches with speech, so a stretch without them on either side says nothing.
/// </summary>
internal static class SpeechChanges
{
    public static ComparisonResult Mark(ComparisonResult result, EmbeddingSet a, EmbeddingSet b, double threshold)
    {
        var wordsA = a.Clips(EmbeddingOption.Transcription);
        var wordsB = b.Clips(EmbeddingOption.Transcription);
        if (result.Precision != ComparisonPrecision.Frame || wordsA.Count == 0 || wordsB.Count == 0)
        {
            return result;
        }

        var regions = result.Regions.ToList();
        var marked = false;
        for (var k = 0; k < regions.Count; k++)
        {
            var region = regions[k];
            if (region.Kind != RegionKind.Changed || region.Difference is not { Sound: true } difference)
            {
                continue;
            }

            var meanA = Mean(wordsA, region.AStart, region.AEnd);
            var meanB = Mean(wordsB, region.BStart, region.BEnd);
            if (meanA is null || meanB is null || CosineDistance(meanA, meanB) <= threshold)
            {
                continue;
            }

            regions[k] = region with { Difference = difference with { SoundChange = SoundChangeKind.Speech } };
            marked = true;
        }

        return marked ? result with { Regions = regions } : result;
    }

    private static float[]? Mean(IReadOnlyList<EmbeddingSegment> clips, double start, double end)
    {
        float[]? sum = null;
        foreach (var clip in clips)
        {
            if (clip.End <= start || clip.Start >= end)
            {
                continue;
            }

            sum ??= new float[clip.Vector.Length];
            for (var d = 0; d < sum.Length && d < clip.Vector.Length; d++)
            {
                sum[d] += clip.Vector[d];
            }
        }

        return sum;
    }

    private static double CosineDistance(float[] a, float[] b)
    {
        double dot = 0, normA = 0, normB = 0;
        for (var d = 0; d < Math.Min(a.Length, b.Length); d++)
        {
            dot += a[d] * (double)b[d];
            normA += a[d] * (double)a[d];
            normB += b[d] * (double)b[d];
        }

        return normA > 0 && normB > 0 ? 1 - (dot / Math.Sqrt(normA * normB)) : 0;
    }
}
