using Sage.Core.Embeddings;

namespace Sage.Embeddings.Tests;

internal static class Cosine
{
    public static double Distance(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            na += a[i] * (double)a[i];
            nb += b[i] * (double)b[i];
        }

        return 1 - (dot / Math.Sqrt(na * nb));
    }

    /// <summary>Clip-by-clip cosine distances of one option between two sets cut the same way.</summary>
    public static double[] ClipDistances(EmbeddingSet a, EmbeddingSet b, string option)
    {
        var clipsA = a.Clips(option);
        var clipsB = b.Clips(option);
        Assert.Equal(clipsA.Count, clipsB.Count);
        return clipsA.Zip(clipsB, (x, y) => Distance(x.Vector, y.Vector)).ToArray();
    }
}
