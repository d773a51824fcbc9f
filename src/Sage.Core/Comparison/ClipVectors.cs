using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sage.Core.Comparison;

/// <summary>
/// A sequence of clip vectors in one contiguous array, each padded to a whole number of <see cref="Vector{T}"/>
/// lanes so the dot products need no scalar tail.
/// </summary>
/// <remarks>
/// <see cref="Dot"/> and <see cref="Dot4"/> run the same lane-wise fused multiply-adds in the same order and reduce
/// the same way, so a distance computed in the alignment's inner loop is bit-for-bit the one reported for the step.
/// </remarks>
internal sealed class ClipVectors
{
    public ClipVectors(int count, int stride, float[] data)
    {
        if (stride % Vector<float>.Count != 0 || data.Length != (long)count * stride)
        {
            throw new ArgumentException("Clip vectors must be padded to whole SIMD lanes.", nameof(stride));
        }

        Count = count;
        Stride = stride;
        Data = data;
    }

    public int Count { get; }

    public int Stride { get; }

    public float[] Data { get; }

    public static int PaddedLength(int dimension) =>
        (dimension + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;

    public ReadOnlySpan<float> this[int clip] => Data.AsSpan(clip * Stride, Stride);

    /// <summary>Cosine distance between clip <paramref name="i"/> here and clip <paramref name="j"/> of <paramref name="other"/>, assuming unit vectors.</summary>
    public float Distance(int i, ClipVectors other, int j) => ToDistance(Dot(this[i], other[j]));

    public static float ToDistance(float dot) => Math.Clamp(1f - dot, 0f, 2f);

    /// <summary>
    /// Averages runs of <paramref name="factor"/> clips and rescales to unit length: the coarse level of the
    /// hierarchical alignment. The last run may be shorter.
    /// </summary>
    public ClipVectors Coarsen(int factor)
    {
        var coarseCount = (Count + factor - 1) / factor;
        var data = new float[(long)coarseCount * Stride];
        for (var c = 0; c < coarseCount; c++)
        {
            var target = data.AsSpan(c * Stride, Stride);
            var end = Math.Min(Count, (c + 1) * factor);
            for (var i = c * factor; i < end; i++)
            {
                var source = MemoryMarshal.Cast<float, Vector<float>>(this[i]);
                var sum = MemoryMarshal.Cast<float, Vector<float>>(target);
                for (var k = 0; k < sum.Length; k++)
                {
                    sum[k] += source[k];
                }
            }

            Normalize(target);
        }

        return new ClipVectors(coarseCount, Stride, data);
    }

    /// <summary>Scales to unit length; a zero vector stays zero (distance 1 to everything). Length must be whole lanes.</summary>
    public static void Normalize(Span<float> vector)
    {
        var sum = Dot(vector, vector);
        if (sum > 0)
        {
            Scale(vector, vector, 1 / MathF.Sqrt(sum));
        }
    }

    /// <summary>target = source · factor, lane by lane (lengths in whole lanes).</summary>
    public static void Scale(ReadOnlySpan<float> source, Span<float> target, float factor)
    {
        var from = MemoryMarshal.Cast<float, Vector<float>>(source);
        var to = MemoryMarshal.Cast<float, Vector<float>>(target)[..from.Length];
        for (var k = 0; k < from.Length; k++)
        {
            to[k] = from[k] * factor;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b)[..va.Length];
        var acc = Vector<float>.Zero;
        for (var k = 0; k < va.Length; k++)
        {
            acc = Vector.FusedMultiplyAdd(va[k], vb[k], acc);
        }

        return Vector.Sum(acc);
    }

    /// <summary>Four dot products against one row at once: each load of <paramref name="a"/> feeds four FMAs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Dot4(
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b0,
        ReadOnlySpan<float> b1,
        ReadOnlySpan<float> b2,
        ReadOnlySpan<float> b3,
        Span<float> result)
    {
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var v0 = MemoryMarshal.Cast<float, Vector<float>>(b0)[..va.Length];
        var v1 = MemoryMarshal.Cast<float, Vector<float>>(b1)[..va.Length];
        var v2 = MemoryMarshal.Cast<float, Vector<float>>(b2)[..va.Length];
        var v3 = MemoryMarshal.Cast<float, Vector<float>>(b3)[..va.Length];
        Vector<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        for (var k = 0; k < va.Length; k++)
        {
            var x = va[k];
            acc0 = Vector.FusedMultiplyAdd(x, v0[k], acc0);
            acc1 = Vector.FusedMultiplyAdd(x, v1[k], acc1);
            acc2 = Vector.FusedMultiplyAdd(x, v2[k], acc2);
            acc3 = Vector.FusedMultiplyAdd(x, v3[k], acc3);
        }

        result[0] = Vector.Sum(acc0);
        result[1] = Vector.Sum(acc1);
        result[2] = Vector.Sum(acc2);
        result[3] = Vector.Sum(acc3);
    }
}
