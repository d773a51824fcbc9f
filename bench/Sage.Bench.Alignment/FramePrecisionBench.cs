using System.Diagnostics;
using Sage.Core.Comparison;
using Sage.Core.Embeddings;
using Sage.Core.Fingerprints;

/// <summary>
/// Times a frame-precision comparison of two 2-hour videos whose fingerprints exist (25 fps pictures, 50/s sound),
/// B with a leader, an insert, a cut and a super, next to the clip-only comparison of the same pair and a plain pass
/// over both picture tracks (one distance per frame on the diagonal) as references measured in the same run.
/// </summary>
internal static class FramePrecisionBench
{
    private const double Rate = 25;

    public static void Run(double seconds, int runs)
    {
        var watch = Stopwatch.StartNew();
        var a = Render(seconds, edits: false);
        var b = Render(seconds, edits: true);
        var setA = Embed(a);
        var setB = Embed(b);
        Console.WriteLine();
        Console.WriteLine($"== frame precision, {seconds / 3600:0.#} h at {Rate} fps: {a.Picture.Count} and {b.Picture.Count} frames ({(a.Picture.Data.Length + b.Picture.Data.Length) / 1048576.0:0} MiB of descriptors), made in {watch.Elapsed.TotalSeconds:0.0} s ==");
        var inputA = new ComparisonInput(setA, a);
        var inputB = new ComparisonInput(setB, b);
        var result = VideoComparer.Compare(inputA, inputB, ComparisonOptions.Default); // warm-up
        var frame = new List<double>();
        var clip = new List<double>();
        long allocated = 0;
        for (var r = 0; r < runs; r++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            watch.Restart();
            result = VideoComparer.Compare(inputA, inputB, ComparisonOptions.Default);
            frame.Add(watch.Elapsed.TotalMilliseconds);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            watch.Restart();
            VideoComparer.Compare(setA, setB, ComparisonOptions.Default);
            clip.Add(watch.Elapsed.TotalMilliseconds);
        }

        frame.Sort();
        clip.Sort();
        Console.WriteLine($"frame    median {frame[frame.Count / 2],8:0} ms  min {frame[0],8:0} ms  allocated/compare {allocated / 1048576.0:0} MiB  precision {result.Precision}  floor {result.NoiseFloor}");
        Console.WriteLine($"clip     median {clip[clip.Count / 2],8:0} ms  (the clip path alone, part of the above)");
        Console.WriteLine($"reference: one diagonal pass of picture distances over {Math.Min(a.Picture.Count, b.Picture.Count)} frame pairs {DiagonalPass(a.Picture, b.Picture):0} ms");
        foreach (var region in result.Regions.Where(r => r.Kind != RegionKind.Same))
        {
            Console.WriteLine($"         {region.Kind,-9} A {region.AStart,9:0.000}-{region.AEnd,-9:0.000} B {region.BStart,9:0.000}-{region.BEnd,-9:0.000}");
        }
    }

    private static double DiagonalPass(PictureTrack a, PictureTrack b)
    {
        var watch = Stopwatch.StartNew();
        long sum = 0;
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var x = a[i];
            var y = b[i];
            for (var c = 0; c < x.Length; c++)
            {
                sum += Math.Abs(x[c] - y[c]);
            }
        }

        GC.KeepAlive(sum);
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>Shots of random pictures drifting smoothly; B: a 0.88 s leader, 3.7 s inserted at 40 % and 4.3 s cut at 70 %, a 1 s super at 55 %.</summary>
    private static VideoFingerprint Render(double seconds, bool edits)
    {
        var random = new Random(5);
        var shots = new List<(double Start, byte[] Picture)>();
        for (double t = 0; t < seconds + 10; t += 1.5 + (3 * random.NextDouble()))
        {
            var picture = new byte[PictureTrack.DescriptorLength];
            random.NextBytes(picture);
            shots.Add((t, picture));
        }

        var source = new List<(double From, double To, bool Other)>();
        if (edits)
        {
            source.Add((0, 0.88, true));
            source.Add((0, seconds * 0.4, false));
            source.Add((10, 13.7, true));
            source.Add((seconds * 0.4, seconds * 0.7, false));
            source.Add((seconds * 0.7 + 4.3, seconds, false));
        }
        else
        {
            source.Add((0, seconds, false));
        }

        var duration = source.Sum(s => s.To - s.From);
        var frames = (int)(duration * Rate);
        var data = new byte[frames * PictureTrack.DescriptorLength];
        var noise = new Random(edits ? 2 : 1);
        var at = 0.0;
        var stretch = 0;
        for (var i = 0; i < frames; i++)
        {
            var t = (i + 0.5) / Rate;
            while (t >= at + (source[stretch].To - source[stretch].From) && stretch < source.Count - 1)
            {
                at += source[stretch].To - source[stretch].From;
                stretch++;
            }

            var s = source[stretch].From + (t - at);
            var shot = shots.FindLastIndex(x => x.Start <= s);
            var picture = shots[(shot + (source[stretch].Other ? 17 : 0)) % shots.Count].Picture;
            var drift = (int)(12 * Math.Sin(1.3 * (s - shots[shot].Start)));
            var frame = data.AsSpan(i * PictureTrack.DescriptorLength, PictureTrack.DescriptorLength);
            var super = edits && t >= seconds * 0.55 && t < (seconds * 0.55) + 1;
            for (var c = 0; c < frame.Length; c++)
            {
                frame[c] = (byte)Math.Clamp(picture[c] + drift + noise.Next(-2, 3) + (super && c >= 200 && c < 232 ? 60 : 0), 0, 255);
            }
        }

        var hops = (int)((duration - SoundTrack.WindowSeconds) / SoundTrack.HopSeconds) + 1;
        var sound = new byte[hops * SoundTrack.FrameLength];
        for (var k = 0; k < sound.Length; k++)
        {
            sound[k] = (byte)(120 + noise.Next(-1, 2));
        }

        return new VideoFingerprint(Rate, new PictureTrack(Rate, data), new SoundTrack(sound));
    }

    private static EmbeddingSet Embed(VideoFingerprint fingerprint)
    {
        var track = fingerprint.Picture;
        var perClip = (int)(2 * Rate);
        var segments = new List<EmbeddingSegment>();
        for (var first = 0; first < track.Count; first += perClip)
        {
            var last = Math.Min(track.Count, first + perClip);
            var vector = new float[PictureTrack.DescriptorLength];
            for (var i = first; i < last; i++)
            {
                var frame = track[i];
                for (var c = 0; c < vector.Length; c++)
                {
                    vector[c] += frame[c] - 128f;
                }
            }

            segments.Add(new EmbeddingSegment(first / Rate, last / Rate, EmbeddingScope.Clip, EmbeddingOption.Visual, vector));
        }

        return new EmbeddingSet("local", "synthetic", PictureTrack.DescriptorLength, 2, segments);
    }
}
