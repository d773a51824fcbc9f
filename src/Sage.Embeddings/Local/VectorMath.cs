using System.Numerics.Tensors;

namespace Sage.Embeddings.Local;

internal static class VectorMath
{
    /// <summary>Scales <paramref name="vector"/> to unit length in place; a zero vector stays zero.</summary>
    public static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0 && float.IsFinite(norm))
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    /// <summary>The unit-length copy of <paramref name="sum"/> (a mean's direction does not depend on the count).</summary>
    public static float[] NormalizedCopy(ReadOnlySpan<float> sum, int length)
    {
        var vector = new float[length];
        sum.CopyTo(vector);
        Normalize(vector);
        return vector;
    }
}
