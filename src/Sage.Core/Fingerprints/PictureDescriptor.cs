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

        // Sums per luma cell in fixed point (×1000 of the BT.601 weights); chroma cells are 2×2 luma cells.
        Span<long> y = stackalloc long[luma * luma];
        Span<long> cb = stackalloc long[luma * luma];
        Span<long> cr = stackalloc long[luma * luma];
        Span<int> counts = stackalloc int[luma * luma];
        y.Clear();
        cb.Clear();
        cr.Clear();
        counts.Clear();
        Span<int> cellOfColumn = width <= 4096 ? stackalloc int[width] : new int[width];
        for (var x = 0; x < width; x++)
        {
            cellOfColumn[x] = x * luma / width;
        }

        for (var row = 0; row < height; row++)
        {
            var cellRow = row * luma / height * luma;
            var line = rgb24.Slice(row * width * 3, width * 3);
            for (var x = 0; x < width; x++)
            {
                int r = line[x * 3], g = line[(x * 3) + 1], b = line[(x * 3) + 2];
                var cell = cellRow + cellOfColumn[x];
                y[cell] += (299 * r) + (587 * g) + (114 * b);
                cb[cell] += (-168736 * r) - (331264 * g) + (500000 * b);
                cr[cell] += (500000 * r) - (418688 * g) - (81312 * b);
                counts[cell]++;
            }
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
