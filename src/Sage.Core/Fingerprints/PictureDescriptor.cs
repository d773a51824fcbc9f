namespace Sage.Core.Fingerprints;

/// <summary>Computes a frame's <see cref="PictureTrack"/> descriptor from packed RGB24 pixels of any size.</summary>
public static class PictureDescriptor
{
    /// <summary>
    /// Writes the descriptor of a <paramref name="width"/>×<paramref name="height"/> RGB24 frame (row-major, no
    /// padding) to <paramref name="destination"/> (<see cref="PictureTrack.DescriptorLength"/> bytes). Cells split
    /// the frame into equal integer ranges; each value is the rounded mean over its cell.
    /// </summary>
    public static void Compute(ReadOnlySpan<byte> rgb24, int width, int height, Span<byte> destination)
    {
        const int luma = PictureTrack.LumaGrid;
        const int chroma = PictureTrack.ChromaGrid;
        if (width < luma || height < luma)
        {
            throw new ArgumentException($"A frame must be at least {luma}×{luma} pixels; got {width}×{height}.", nameof(width));
        }

        if (rgb24.Length < width * height * 3)
        {
            throw new ArgumentException("The pixel buffer is smaller than width × height × 3.", nameof(rgb24));
        }

        if (destination.Length < PictureTrack.DescriptorLength)
        {
            throw new ArgumentException($"The destination needs {PictureTrack.DescriptorLength} bytes.", nameof(destination));
        }

        // Channel sums per luma cell. The BT.601 weights (fixed point, ×1000 and ×1e6) are linear, so applying them to
        // the sums gives exactly the integers that weighting every pixel would, with 3 additions per pixel instead of 9
        // multiply-adds: this runs on every frame of every video.
        Span<long> reds = stackalloc long[luma * luma];
        Span<long> greens = stackalloc long[luma * luma];
        Span<long> blues = stackalloc long[luma * luma];
        Span<long> counts = stackalloc long[luma * luma];
        reds.Clear();
        greens.Clear();
        blues.Clear();
        counts.Clear();

        // Column x belongs to cell x·16/width (rounded down): cell c starts at the first x with x·16 >= c·width.
        Span<int> cellStart = stackalloc int[luma + 1];
        for (var c = 0; c <= luma; c++)
        {
            cellStart[c] = ((c * width) + luma - 1) / luma;
        }

        for (var row = 0; row < height; row++)
        {
            var cellRow = row * luma / height * luma;
            var line = rgb24.Slice(row * width * 3, width * 3);
            for (var c = 0; c < luma; c++)
            {
                int r = 0, g = 0, b = 0;
                var run = line[(cellStart[c] * 3)..(cellStart[c + 1] * 3)];
                for (var i = 0; i < run.Length; i += 3)
                {
                    r += run[i];
                    g += run[i + 1];
                    b += run[i + 2];
                }

                reds[cellRow + c] += r;
                greens[cellRow + c] += g;
                blues[cellRow + c] += b;
                counts[cellRow + c] += cellStart[c + 1] - cellStart[c];
            }
        }

        Span<long> y = stackalloc long[luma * luma];
        Span<long> cb = stackalloc long[luma * luma];
        Span<long> cr = stackalloc long[luma * luma];
        for (var cell = 0; cell < luma * luma; cell++)
        {
            y[cell] = (299 * reds[cell]) + (587 * greens[cell]) + (114 * blues[cell]);
            cb[cell] = (-168736 * reds[cell]) - (331264 * greens[cell]) + (500000 * blues[cell]);
            cr[cell] = (500000 * reds[cell]) - (418688 * greens[cell]) - (81312 * blues[cell]);
        }

        for (var cell = 0; cell < luma * luma; cell++)
        {
            destination[cell] = ToByte(y[cell] / (1000.0 * counts[cell]));
        }

        for (var cy = 0; cy < chroma; cy++)
        {
            for (var cx = 0; cx < chroma; cx++)
            {
                long sumB = 0, sumR = 0, n = 0;
                for (var dy = 0; dy < 2; dy++)
                {
                    for (var dx = 0; dx < 2; dx++)
                    {
                        var cell = (((cy * 2) + dy) * luma) + (cx * 2) + dx;
                        sumB += cb[cell];
                        sumR += cr[cell];
                        n += counts[cell];
                    }
                }

                destination[PictureTrack.LumaLength + (cy * chroma) + cx] = ToByte(128 + (sumB / (1e6 * n)));
                destination[PictureTrack.LumaLength + PictureTrack.ChromaLength + (cy * chroma) + cx] = ToByte(128 + (sumR / (1e6 * n)));
            }
        }
    }

    private static byte ToByte(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}
