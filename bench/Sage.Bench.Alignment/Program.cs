using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using Sage.Core.Comparison;
using Sage.Core.Embeddings;

// Times VideoComparer.Compare on synthetic 1024-dimension, two-option embeddings of a 20-minute and a 4-hour video
// with edits, next to a reference figure measured in the same run so the numbers can be judged on a noisy machine.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.WriteLine($".NET {Environment.Version}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, Vector<float>.Count = {Vector<float>.Count}");

foreach (var (name, clips, runs) in new[] { ("20 min", 600, 15), ("4 h", 7200, 5) })
{
    var (a, b) = SyntheticPair.Create(clips, seed: 42);
    Console.WriteLine();
    Console.WriteLine($"== {name}: {clips} clips vs {b.Segments.Count / 2} clips, 1024 floats x 2 options ==");

    foreach (var mode in new[] { ComparisonMode.Aligned, ComparisonMode.Index })
    {
        var options = new ComparisonOptions(mode);
        var result = VideoComparer.Compare(a, b, options); // warm-up (JIT, tiering)
        VideoComparer.Compare(a, b, options);
        var times = new List<double>();
        var cpuTimes = new List<double>();
        long allocated = 0;
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < runs; r++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            result = VideoComparer.Compare(a, b, options);
            times.Add(watch.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpuTimes.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        times.Sort();
        cpuTimes.Sort();
        Console.WriteLine($"{mode,-8} min {times[0],8:0.0} ms  median {times[times.Count / 2],8:0.0} ms  CPU median {cpuTimes[cpuTimes.Count / 2],8:0} ms  allocated/compare {allocated / 1048576.0,7:0.0} MiB  threshold {result.Threshold:0.000}  similarity {result.Statistics.SimilarityPercent:0.0}%");
        foreach (var region in result.Regions.Take(12))
        {
            Console.WriteLine($"         {region.Kind,-9} A {region.AStart,7:0}-{region.AEnd,-7:0} B {region.BStart,7:0}-{region.BEnd,-7:0} mean {region.MeanDistance,6:0.000}");
        }
    }

    Console.WriteLine($"reference: {Reference.Describe(a, b)}");
}

FramePrecisionBench.Run(2 * 3600, runs: 3);

GC.Collect();
Console.WriteLine();
Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB (includes the test data: ~{7200 * 1024 * 2 * 2 * 4 * 2 / 1048576.0:0} MiB of float vectors, held twice: EmbeddingSet + prepared copy)");

/// <summary>Two embedding sets: B is A with noise, a lead-in clip, an insertion, a cut and a replaced block.</summary>
internal static class SyntheticPair
{
    private const int Dimension = 1024;

    public static (EmbeddingSet A, EmbeddingSet B) Create(int clips, int seed)
    {
        var random = new Random(seed);
        var contents = new Dictionary<(int, string), float[]>();
        var a = Enumerable.Range(0, clips).ToList();
        var b = new List<int> { -1 };                                   // 2 s lead-in
        b.AddRange(a.Take(clips / 4));
        b.AddRange([-2, -3, -4]);                                        // 6 s inserted
        b.AddRange(a.Skip(clips / 4).Take(clips / 4));
        b.AddRange(a.Skip((clips / 2) + 5).Take((clips / 4) - 5));       // 10 s removed
        b.AddRange(Enumerable.Range(-100, 10));                          // 20 s replaced
        b.AddRange(a.Skip((3 * clips / 4) + 10));
        return (Set(a), Set(b));

        EmbeddingSet Set(List<int> clipContents)
        {
            var segments = new List<EmbeddingSegment>();
            foreach (var option in new[] { EmbeddingOption.Visual, EmbeddingOption.Audio })
            {
                for (var k = 0; k < clipContents.Count; k++)
                {
                    var content = Content(clipContents[k], option);
                    var noisy = new float[Dimension];
                    for (var i = 0; i < Dimension; i++)
                    {
                        noisy[i] = content[i] + (float)(0.005 * Gaussian());
                    }

                    segments.Add(new EmbeddingSegment(k * 2.0, (k + 1) * 2.0, EmbeddingScope.Clip, option, noisy));
                }
            }

            return new EmbeddingSet("bench", "synthetic", Dimension, 2.0, segments);
        }

        float[] Content(int content, string option)
        {
            if (!contents.TryGetValue((content, option), out var vector))
            {
                vector = new float[Dimension];
                for (var i = 0; i < Dimension; i++)
                {
                    vector[i] = (float)Gaussian();
                }

                var norm = MathF.Sqrt(vector.Sum(x => x * x));
                for (var i = 0; i < Dimension; i++)
                {
                    vector[i] /= norm;
                }

                contents[(content, option)] = vector;
            }

            return vector;
        }

        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}

/// <summary>
/// Work every comparison must at least do, timed on this machine in this run: one thread, plain Vector&lt;float&gt;
/// dot products of the 2 × 1024 floats of a clip pair, over the full n × m grid (what full DP costs) and over the
/// diagonal (what any linear-time method costs).
/// </summary>
internal static class Reference
{
    public static string Describe(EmbeddingSet a, EmbeddingSet b)
    {
        var rowsA = Rows(a);
        var rowsB = Rows(b);
        var n = rowsA.Length;
        var m = rowsB.Length;
        var diagonal = Time(() =>
        {
            float sum = 0;
            for (var i = 0; i < Math.Min(n, m); i++)
            {
                sum += Dot(rowsA[i], rowsB[i]);
            }

            return sum;
        });
        var text = $"diagonal pass ({Math.Min(n, m)} dots) {diagonal:0.00} ms";
        if ((long)n * m <= 1_000_000)
        {
            var grid = Time(() =>
            {
                float sum = 0;
                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j < m; j++)
                    {
                        sum += Dot(rowsA[i], rowsB[j]);
                    }
                }

                return sum;
            });
            text += $"; full {n}x{m} dot matrix, 1 thread {grid:0.0} ms";
        }

        return text;
    }

    private static float[][] Rows(EmbeddingSet set)
    {
        var visual = set.Clips(EmbeddingOption.Visual);
        var audio = set.Clips(EmbeddingOption.Audio);
        return visual.Zip(audio, (v, s) => v.Vector.Concat(s.Vector).ToArray()).ToArray();
    }

    private static double Time(Func<float> work)
    {
        work();
        var best = double.MaxValue;
        for (var r = 0; r < 5; r++)
        {
            var watch = Stopwatch.StartNew();
            GC.KeepAlive(work());
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }

        return best;
    }

    private static float Dot(float[] x, float[] y)
    {
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        var acc = Vector<float>.Zero;
        for (var k = 0; k < vx.Length; k++)
        {
            acc += vx[k] * vy[k];
        }

        return Vector.Sum(acc);
    }
}
