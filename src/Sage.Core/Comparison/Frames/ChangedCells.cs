using Sage.Core.Fingerprints;

namespace Sage.Core.Comparison;

/// <summary>Turns per-cell differences into bounding boxes of the changed area, normalised to the frame.</summary>
internal static class ChangedCells
{
    /// <summary>At most this many boxes, largest first.</summary>
    private const int MaxBoxes = 8;

    /// <summary>
    /// Boxes around 8-connected groups of luma cells whose value is above <paramref name="floor"/>, a chroma cell
    /// above it marking its four luma cells.
    /// </summary>
    public static IReadOnlyList<NormalisedBox> Boxes(ReadOnlySpan<int> differences, double floor)
    {
        const int n = PictureTrack.LumaGrid;
        var marked = new bool[n * n];
        var any = false;
        for (var c = 0; c < PictureTrack.LumaLength; c++)
        {
            marked[c] = differences[c] > floor;
            any |= marked[c];
        }

        for (var plane = 0; plane < 2; plane++)
        {
            for (var c = 0; c < PictureTrack.ChromaLength; c++)
            {
                if (differences[PictureTrack.LumaLength + (plane * PictureTrack.ChromaLength) + c] <= floor)
                {
                    continue;
                }

                int cy = c / PictureTrack.ChromaGrid, cx = c % PictureTrack.ChromaGrid;
                for (var dy = 0; dy < 2; dy++)
                {
                    for (var dx = 0; dx < 2; dx++)
                    {
                        marked[((cy * 2) + dy) * n + (cx * 2) + dx] = true;
                    }
                }

                any = true;
            }
        }

        if (!any)
        {
            return [];
        }

        var seen = new bool[n * n];
        var boxes = new List<(int Area, NormalisedBox Box)>();
        var stack = new Stack<int>();
        for (var start = 0; start < n * n; start++)
        {
            if (!marked[start] || seen[start])
            {
                continue;
            }

            int minX = n, minY = n, maxX = -1, maxY = -1, area = 0;
            stack.Push(start);
            seen[start] = true;
            while (stack.Count > 0)
            {
                var cell = stack.Pop();
                int y = cell / n, x = cell % n;
                (minX, maxX, minY, maxY) = (Math.Min(minX, x), Math.Max(maxX, x), Math.Min(minY, y), Math.Max(maxY, y));
                area++;
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        int ny = y + dy, nx = x + dx;
                        if (ny >= 0 && ny < n && nx >= 0 && nx < n && marked[(ny * n) + nx] && !seen[(ny * n) + nx])
                        {
                            seen[(ny * n) + nx] = true;
                            stack.Push((ny * n) + nx);
                        }
                    }
                }
            }

            boxes.Add((area, new NormalisedBox(minX / (double)n, minY / (double)n, (maxX - minX + 1) / (double)n, (maxY - minY + 1) / (double)n)));
        }

        return [.. boxes.OrderByDescending(b => b.Area).Take(MaxBoxes).Select(b => b.Box)];
    }
}
