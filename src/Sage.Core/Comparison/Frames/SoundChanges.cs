using Sage.Core.Fingerprints;

namespace Sage.Core.Comparison;

/// <summary>
/// Finds where the sound differs inside aligned pieces (the picture's offsets: edits keep sound and picture in sync).
/// Per sound frame it measures the level difference and the level-free spectral shape difference, smoothed over a
/// fifth of a second; the pair's own noise floors come from all its paired sound frames.
/// </summary>
internal static class SoundChanges
{
    /// <summary>Below this level (dBFS) a frame is silent: nothing to compare, or, facing sound, a silence change.</summary>
    public const double SilentDecibels = -60;

    /// <summary>A silent frame facing one at least this loud (dBFS) is a silence change.</summary>
    public const double AudibleDecibels = -45;

    /// <summary>Deviations above the median that are still noise.</summary>
    public const double Deviations = 6;

    /// <summary>Least spread of the level floor above its median, dB: half the smallest change that must show (6 dB).</summary>
    public const double MinimumLevelSpread = 3;

    /// <summary>Least spread of the shape floor above its median, dB.</summary>
    public const double MinimumShapeSpread = 1.5;

    /// <summary>Frames smoothed over (odd): 0.22 s.</summary>
    private const int Smoothing = 11;

    /// <summary>
    /// Frames of the long view (odd): 1 s. Other music under the same voice shows between the words only; over a
    /// second its shape still differs, and that keeps the change one change across the words.
    /// </summary>
    private const int LongView = 51;

    public static (List<ChangeRun> Runs, SoundFloors? Floors) Find(SoundTrack a, SoundTrack b, IReadOnlyList<AlignedPiece> pieces, CancellationToken cancellationToken)
    {
        var perPiece = new List<(AlignedPiece Piece, int First, double[] Level, double[] Shape, bool[] Silence, double[] LongShape)>();
        var longShapes = new List<double>();
        var levels = new List<double>();
        var shapes = new List<double>();
        foreach (var piece in pieces)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var first = (int)Math.Ceiling((piece.AStart / SoundTrack.HopSeconds) - 1e-9);
            var last = (int)Math.Floor(((piece.AEnd - SoundTrack.WindowSeconds) / SoundTrack.HopSeconds) + 1e-9);
            var count = Math.Max(0, last - first + 1);
            var level = new double[count];
            var shape = new double[count];
            var silence = new bool[count];
            for (var k = 0; k < count; k++)
            {
                var i = first + k;
                var j = (int)Math.Round(((i * SoundTrack.HopSeconds) + piece.Offset) / SoundTrack.HopSeconds);
                if (i >= a.Count || j < 0 || j >= b.Count)
                {
                    level[k] = double.NaN;
                    shape[k] = double.NaN;
                    continue;
                }

                var fa = a[i];
                var fb = b[j];
                var la = SoundTrack.ToDecibels(fa[0]);
                var lb = SoundTrack.ToDecibels(fb[0]);
                var silentA = la < SilentDecibels;
                var silentB = lb < SilentDecibels;
                if (silentA || silentB)
                {
                    silence[k] = (silentA && lb >= AudibleDecibels) || (silentB && la >= AudibleDecibels);
                    level[k] = double.NaN;
                    shape[k] = double.NaN;
                    continue;
                }

                level[k] = lb - la;
                shape[k] = ShapeDistance(fa, fb);
            }

            var smoothLevel = MedianFilter(level);
            var smoothShape = MedianFilter(shape);
            foreach (var v in smoothLevel)
            {
                if (double.IsFinite(v))
                {
                    levels.Add(Math.Abs(v));
                }
            }

            foreach (var v in smoothShape)
            {
                if (double.IsFinite(v))
                {
                    shapes.Add(v);
                }
            }

            var longShape = MeanFilter(shape, LongView);
            foreach (var v in longShape)
            {
                if (double.IsFinite(v))
                {
                    longShapes.Add(v);
                }
            }

            perPiece.Add((piece, first, smoothLevel, smoothShape, MajorityFilter(silence), longShape));
        }

        if (levels.Count == 0 && perPiece.All(p => !p.Silence.Any(s => s)))
        {
            return ([], null);
        }

        var levelFloor = NoiseStatistics.Floor(levels, Deviations, MinimumLevelSpread);
        var shapeFloor = NoiseStatistics.Floor(shapes, Deviations, MinimumShapeSpread);
        var longShapeFloor = NoiseStatistics.Floor(longShapes, Deviations, MinimumShapeSpread / 2);
        var runs = new List<ChangeRun>();
        foreach (var (piece, first, level, shape, silence, longShape) in perPiece)
        {
            var k = 0;
            while (k < level.Length)
            {
                if (!Flagged(k))
                {
                    k++;
                    continue;
                }

                var end = k;
                int silent = 0, loud = 0, other = 0;
                double peak = 0;
                while (end < level.Length && (Flagged(end) || GapBridged(end)))
                {
                    if (silence[end])
                    {
                        silent++;
                    }
                    else if (double.IsFinite(shape[end]) && shape[end] > shapeFloor)
                    {
                        other++;
                        peak = Math.Max(peak, shape[end] / shapeFloor);
                    }
                    else if (double.IsFinite(level[end]) && Math.Abs(level[end]) > levelFloor)
                    {
                        loud++;
                        peak = Math.Max(peak, Math.Abs(level[end]) / levelFloor);
                    }

                    end++;
                }

                var kind = silent >= Math.Max(loud, other) ? SoundChangeKind.Silence
                    : other >= loud ? SoundChangeKind.Content
                    : SoundChangeKind.Level;
                var start = Math.Max(piece.AStart, (first + k) * SoundTrack.HopSeconds);
                var stop = Math.Min(piece.AEnd, ((first + end - 1) * SoundTrack.HopSeconds) + SoundTrack.HopSeconds);
                if (stop > start)
                {
                    runs.Add(new ChangeRun(start, stop, piece.Offset, Picture: false, Sound: true)
                    {
                        SoundChange = kind,
                        PeakExcess = silent > 0 ? Math.Max(peak, 2) : peak,
                        PeakA = (start + stop) / 2,
                        PeakB = ((start + stop) / 2) + piece.Offset,
                    });
                }

                k = end;
            }

            bool Flagged(int f) => silence[f] ||
                (double.IsFinite(level[f]) && Math.Abs(level[f]) > levelFloor) ||
                (double.IsFinite(shape[f]) && shape[f] > shapeFloor);

            // Up to a smoothing window of unflagged frames inside a change keeps it one change, and so does a longer
            // stretch over which the long view still differs.
            bool GapBridged(int f)
            {
                var reach = double.IsFinite(longShape[f]) && longShape[f] > longShapeFloor ? LongView : Smoothing;
                for (var g = f; g < Math.Min(level.Length, f + reach); g++)
                {
                    if (Flagged(g))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        return (runs, new SoundFloors(levelFloor, shapeFloor));
    }

    /// <summary>
    /// How the sound of a stretch of A differs from B's at <paramref name="offset"/> (a replaced stretch), judged by
    /// the floors of the pair's aligned sound; <see langword="null"/> when it does not.
    /// </summary>
    public static SoundChangeKind? Judge(SoundTrack a, SoundTrack b, double aStart, double aEnd, double offset, SoundFloors floors)
    {
        var levels = new List<double>();
        var shapes = new List<double>();
        int silent = 0, frames = 0;
        for (var i = (int)Math.Ceiling(aStart / SoundTrack.HopSeconds); (i * SoundTrack.HopSeconds) + SoundTrack.WindowSeconds <= aEnd + 1e-9 && i < a.Count; i++)
        {
            var j = (int)Math.Round(((i * SoundTrack.HopSeconds) + offset) / SoundTrack.HopSeconds);
            if (i < 0 || j < 0 || j >= b.Count)
            {
                continue;
            }

            frames++;
            var la = SoundTrack.ToDecibels(a[i][0]);
            var lb = SoundTrack.ToDecibels(b[j][0]);
            if (la < SilentDecibels || lb < SilentDecibels)
            {
                silent += (la < SilentDecibels && lb >= AudibleDecibels) || (lb < SilentDecibels && la >= AudibleDecibels) ? 1 : 0;
                continue;
            }

            levels.Add(Math.Abs(lb - la));
            shapes.Add(ShapeDistance(a[i], b[j]));
        }

        if (frames == 0)
        {
            return null;
        }

        if (silent * 2 > frames)
        {
            return SoundChangeKind.Silence;
        }

        var shape = NoiseStatistics.Median([.. shapes.Order()]);
        var level = NoiseStatistics.Median([.. levels.Order()]);
        return shape > floors.Shape ? SoundChangeKind.Content : level > floors.Level ? SoundChangeKind.Level : null;
    }

    /// <summary>Mean absolute difference of the two frames' band levels after removing each frame's mean (dB): the level-free shape.</summary>
    private static double ShapeDistance(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        double meanA = 0, meanB = 0;
        for (var band = 1; band <= SoundTrack.Bands; band++)
        {
            meanA += a[band];
            meanB += b[band];
        }

        meanA /= SoundTrack.Bands;
        meanB /= SoundTrack.Bands;
        double sum = 0;
        for (var band = 1; band <= SoundTrack.Bands; band++)
        {
            sum += Math.Abs(a[band] - meanA - (b[band] - meanB));
        }

        // Bytes are half-dB steps.
        return sum / SoundTrack.Bands / 2;
    }

    private static double[] MedianFilter(double[] values)
    {
        var result = new double[values.Length];
        var window = new List<double>(Smoothing);
        for (var k = 0; k < values.Length; k++)
        {
            window.Clear();
            for (var w = Math.Max(0, k - (Smoothing / 2)); w <= Math.Min(values.Length - 1, k + (Smoothing / 2)); w++)
            {
                if (double.IsFinite(values[w]))
                {
                    window.Add(values[w]);
                }
            }

            if (window.Count * 2 < Smoothing || !double.IsFinite(values[k]))
            {
                result[k] = double.NaN;
                continue;
            }

            window.Sort();
            result[k] = window[window.Count / 2];
        }

        return result;
    }

    private static double[] MeanFilter(double[] values, int width)
    {
        var result = new double[values.Length];
        for (var k = 0; k < values.Length; k++)
        {
            double sum = 0;
            var count = 0;
            for (var w = Math.Max(0, k - (width / 2)); w <= Math.Min(values.Length - 1, k + (width / 2)); w++)
            {
                if (double.IsFinite(values[w]))
                {
                    sum += values[w];
                    count++;
                }
            }

            result[k] = count * 2 >= width ? sum / count : double.NaN;
        }

        return result;
    }

    private static bool[] MajorityFilter(bool[] values)
    {
        var result = new bool[values.Length];
        for (var k = 0; k < values.Length; k++)
        {
            int yes = 0, all = 0;
            for (var w = Math.Max(0, k - (Smoothing / 2)); w <= Math.Min(values.Length - 1, k + (Smoothing / 2)); w++)
            {
                all++;
                yes += values[w] ? 1 : 0;
            }

            result[k] = yes * 2 > all;
        }

        return result;
    }
}

/// <summary>The pair's sound floors: level difference (dB) and level-free shape difference (dB) still counted as the same.</summary>
internal sealed record SoundFloors(double Level, double Shape);
