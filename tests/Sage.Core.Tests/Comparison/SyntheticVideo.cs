using Sage.Core.Embeddings;

namespace Sage.Core.Tests.Comparison;

/// <summary>
/// Builds embedding sets from clip "contents": each content is a random unit vector per option, and every clip
/// that shows it gets that vector plus a little noise, as two encodings of the same footage would.
/// </summary>
internal sealed class SyntheticVideo
{
    public const int Dimension = 64;
    public const double ClipLength = 2.0;

    /// <summary>Per-component noise: distance between two noisy copies ≈ D·σ² ≈ 0.006, far below 0.02.</summary>
    private const double Noise = 0.01;

    private readonly Random random;
    private readonly Dictionary<(int Content, string Option), float[]> contents = [];

    public SyntheticVideo(int seed) => random = new Random(seed);

    public static string[] BothOptions { get; } = [EmbeddingOption.Audio, EmbeddingOption.Visual];

    /// <summary>A set whose clip k shows <paramref name="clipContents"/>[k] in every option.</summary>
    public EmbeddingSet Set(IReadOnlyList<int> clipContents, string[]? options = null, string engine = "local", string model = "test", int dimension = Dimension) =>
        Set(clipContents, clipContents, options, engine, model, dimension);

    /// <summary>A set whose picture and sound may show different contents (audio-only or picture-only edits).</summary>
    public EmbeddingSet Set(IReadOnlyList<int> visual, IReadOnlyList<int> audio, string[]? options = null, string engine = "local", string model = "test", int dimension = Dimension)
    {
        options ??= BothOptions;
        var segments = new List<EmbeddingSegment>();
        foreach (var option in options)
        {
            var clipContents = option == EmbeddingOption.Audio ? audio : visual;
            for (var k = 0; k < clipContents.Count; k++)
            {
                segments.Add(new EmbeddingSegment(k * ClipLength, (k + 1) * ClipLength, EmbeddingScope.Clip, option, Noisy(Content(clipContents[k], option, dimension))));
            }

            // A whole-video vector, which the comparison must ignore (the original mixed it into the clips).
            segments.Add(new EmbeddingSegment(0, Math.Max(clipContents.Count, 1) * ClipLength, EmbeddingScope.Video, option, Noisy(Content(-1, option, dimension))));
        }

        return new EmbeddingSet(engine, model, dimension, ClipLength, segments);
    }

    public static int[] Range(int start, int count) => Enumerable.Range(start, count).ToArray();

    private float[] Content(int content, string option, int dimension)
    {
        if (!contents.TryGetValue((content, option), out var vector))
        {
            vector = new float[dimension];
            for (var i = 0; i < dimension; i++)
            {
                vector[i] = (float)Gaussian();
            }

            Normalize(vector);
            contents[(content, option)] = vector;
        }

        return vector;
    }

    private float[] Noisy(float[] vector)
    {
        var copy = new float[vector.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = vector[i] + (float)(Noise * Gaussian());
        }

        // Embedders do not promise unit vectors; scale them so the comparer has to normalise.
        var scale = (float)(0.5 + random.NextDouble());
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] *= scale;
        }

        return copy;
    }

    private double Gaussian() =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static void Normalize(float[] vector)
    {
        var norm = Math.Sqrt(vector.Sum(x => (double)x * x));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(vector[i] / norm);
        }
    }
}
