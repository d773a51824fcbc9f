using System.Numerics;
using System.Runtime.InteropServices;
using Sage.Core.Fingerprints;

namespace Sage.Core.Comparison;

/// <summary>Distances between two <see cref="PictureTrack"/> descriptors, in cell levels (0–255).</summary>
internal static class PictureDistance
{
    /// <summary>
    /// Mean absolute difference over the luma cells and over the chroma cells, averaged: what the alignment
    /// minimises. Re-encoding noise is ~1 level; unrelated pictures are tens of levels apart.
    /// </summary>
    public static double Mean(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var luma = SumOfAbsoluteDifferences(a[..PictureTrack.LumaLength], b[..PictureTrack.LumaLength]);
        var chroma = SumOfAbsoluteDifferences(a[PictureTrack.LumaLength..PictureTrack.DescriptorLength], b[PictureTrack.LumaLength..PictureTrack.DescriptorLength]);
        return ((luma / (double)PictureTrack.LumaLength) + (chroma / (double)(2 * PictureTrack.ChromaLength))) / 2;
    }

    /// <summary>
    /// The largest difference of any one cell (luma, or chroma): what says a part of the picture changed. A corner
    /// logo or a super moves a few cells by tens of levels while the mean hardly moves; a grade moves the chroma.
    /// </summary>
    public static int Peak(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => MaxAbsoluteDifference(a[..PictureTrack.DescriptorLength], b[..PictureTrack.DescriptorLength]);

    public static int SumOfAbsoluteDifferences(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var sum = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<byte>.Count)
        {
            // Widened to 32 bits every vector, so any length sums without overflow.
            var total = Vector<uint>.Zero;
            var va = MemoryMarshal.Cast<byte, Vector<byte>>(a);
            var vb = MemoryMarshal.Cast<byte, Vector<byte>>(b);
            for (var v = 0; v < va.Length; v++)
            {
                var diff = Vector.Max(va[v], vb[v]) - Vector.Min(va[v], vb[v]);
                Vector.Widen(diff, out var low, out var high);
                var pairs = low + high;
                total += Vector.WidenLower(pairs) + Vector.WidenUpper(pairs);
            }

            sum = (int)Vector.Sum(total);
            i = va.Length * Vector<byte>.Count;
        }

        for (; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return sum;
    }

    public static int MaxAbsoluteDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var max = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<byte>.Count)
        {
            var largest = Vector<byte>.Zero;
            var va = MemoryMarshal.Cast<byte, Vector<byte>>(a);
            var vb = MemoryMarshal.Cast<byte, Vector<byte>>(b);
            for (var v = 0; v < va.Length; v++)
            {
                largest = Vector.Max(largest, Vector.Max(va[v], vb[v]) - Vector.Min(va[v], vb[v]));
            }

            for (var k = 0; k < Vector<byte>.Count; k++)
            {
                max = Math.Max(max, largest[k]);
            }

            i = va.Length * Vector<byte>.Count;
        }

        for (; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
