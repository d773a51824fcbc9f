using Sage.Core.Embeddings;
using Sage.Core.Fingerprints;

namespace Sage.Core.Tests.Comparison;

/// <summary>
/// Footage defined as a function of source time: shots of random pictures that drift smoothly (as a camera's do) with
/// sound whose spectrum and level follow the shot. A version is a list of source stretches (an edit decision list),
/// rendered at any frame rate with a little encoding noise; its clip embeddings are the mean picture of each 2 s clip.
/// </summary>
internal sealed class SyntheticFootage
{
    public const double ClipLength = 2;

    private readonly double[] _shotStarts;
    private readonly byte[][] _shotPictures;
    private readonly double[][] _shotPhases;
    private readonly double[][] _shotSpectra;

    public SyntheticFootage(int seed, double duration, double meanShot = 3.1)
    {
        var random = new Random(seed);
        var starts = new List<double> { 0 };
        while (starts[^1] < duration)
        {
            starts.Add(starts[^1] + (meanShot * (0.5 + random.NextDouble())));
        }

        _shotStarts = [.. starts];
        _shotPictures = new byte[starts.Count][];
        _shotPhases = new double[starts.Count][];
        _shotSpectra = new double[starts.Count][];
        for (var s = 0; s < starts.Count; s++)
        {
            _shotPictures[s] = new byte[PictureTrack.DescriptorLength];
            random.NextBytes(_shotPictures[s]);
            for (var c = 0; c < PictureTrack.DescriptorLength; c++)
            {
                _shotPictures[s][c] = (byte)(40 + (_shotPictures[s][c] * 170 / 255));
            }

            _shotPhases[s] = [.. Enumerable.Range(0, PictureTrack.DescriptorLength).Select(_ => random.NextDouble() * 2 * Math.PI)];
            _shotSpectra[s] = [.. Enumerable.Range(0, SoundTrack.Bands).Select(_ => -40 + (25 * random.NextDouble()))];
        }

        Duration = duration;
    }

    public double Duration { get; }

    /// <summary>The whole footage, untouched.</summary>
    public Cut Original() => new([new Stretch(0, Duration)]);

    public void Picture(double sourceTime, Span<byte> destination)
    {
        var shot = ShotAt(sourceTime);
        var since = sourceTime - _shotStarts[shot];
        var picture = _shotPictures[shot];
        var phases = _shotPhases[shot];
        for (var c = 0; c < destination.Length; c++)
        {
            destination[c] = (byte)Math.Clamp(picture[c] + (18 * Math.Sin((1.7 * since) + phases[c])), 0, 255);
        }
    }

    public void Sound(double sourceTime, double gain, Span<byte> destination)
    {
        var shot = ShotAt(sourceTime);
        var spectrum = _shotSpectra[shot];
        // A syllable rhythm: the level swings 10 dB four times a second.
        var level = -20 + (5 * Math.Sin(2 * Math.PI * 4 * sourceTime)) + gain;
        destination[0] = SoundTrack.ToByte(level);
        for (var b = 0; b < SoundTrack.Bands; b++)
        {
            destination[1 + b] = SoundTrack.ToByte(spectrum[b] + level + 20 + (3 * Math.Sin((0.9 * sourceTime) + b)));
        }
    }

    private int ShotAt(double t)
    {
        var index = Array.BinarySearch(_shotStarts, t);
        return Math.Clamp(index >= 0 ? index : ~index - 1, 0, _shotStarts.Length - 1);
    }

    /// <summary>A stretch of source time; <paramref name="Source"/> null shows other footage (an insert).</summary>
    public sealed record Stretch(double Start, double End, SyntheticFootage? Source = null)
    {
        public double Length => End - Start;
    }

    /// <summary>One version: stretches back to back, with optional overrides.</summary>
    public sealed class Cut(IReadOnlyList<Stretch> stretches)
    {
        public IReadOnlyList<Stretch> Stretches { get; } = stretches;

        public double Duration => Stretches.Sum(s => s.Length);

        /// <summary>Changes the picture at version time t (a super, a logo, a flash).</summary>
        public Func<double, int, byte, byte>? PictureEdit { get; init; }

        /// <summary>Sound gain (dB) at version time t; -200 mutes.</summary>
        public Func<double, double>? Gain { get; init; }

        /// <summary>Encoding noise: ± this many levels per cell.</summary>
        public int Noise { get; init; } = 2;

        public VideoFingerprint Render(SyntheticFootage footage, double frameRate, int seed)
        {
            var random = new Random(seed);
            var frames = (int)Math.Floor((Duration * frameRate) + 1e-9);
            var picture = new byte[frames * PictureTrack.DescriptorLength];
            for (var i = 0; i < frames; i++)
            {
                var t = (i + 0.5) / frameRate;
                var (source, sourceTime) = Locate(footage, t);
                var frame = picture.AsSpan(i * PictureTrack.DescriptorLength, PictureTrack.DescriptorLength);
                source.Picture(sourceTime, frame);
                for (var c = 0; c < frame.Length; c++)
                {
                    var value = frame[c] + random.Next(-Noise, Noise + 1);
                    frame[c] = PictureEdit is { } edit ? edit(t, c, (byte)Math.Clamp(value, 0, 255)) : (byte)Math.Clamp(value, 0, 255);
                }
            }

            var hops = (int)Math.Floor((Duration - SoundTrack.WindowSeconds) / SoundTrack.HopSeconds) + 1;
            var sound = new byte[hops * SoundTrack.FrameLength];
            for (var k = 0; k < hops; k++)
            {
                var t = (k * SoundTrack.HopSeconds) + (SoundTrack.WindowSeconds / 2);
                var (source, sourceTime) = Locate(footage, t);
                var frame = sound.AsSpan(k * SoundTrack.FrameLength, SoundTrack.FrameLength);
                source.Sound(sourceTime, Gain?.Invoke(t) ?? 0, frame);
                for (var c = 0; c < frame.Length; c++)
                {
                    frame[c] = (byte)Math.Clamp(frame[c] + random.Next(-1, 2), 0, 255);
                }
            }

            return new VideoFingerprint(frameRate, new PictureTrack(frameRate, picture), new SoundTrack(sound));
        }

        /// <summary>Clip embeddings: the mean rendered picture of each clip (dimension 384).</summary>
        public static EmbeddingSet Embed(VideoFingerprint fingerprint)
        {
            var track = fingerprint.Picture;
            var segments = new List<EmbeddingSegment>();
            var clips = (int)Math.Ceiling((fingerprint.Duration / ClipLength) - 1e-9);
            for (var k = 0; k < clips; k++)
            {
                var start = k * ClipLength;
                var end = Math.Min(fingerprint.Duration, (k + 1) * ClipLength);
                var vector = new float[PictureTrack.DescriptorLength];
                var first = (int)Math.Ceiling(start * track.FrameRate);
                var last = Math.Min(track.Count, (int)Math.Ceiling(end * track.FrameRate));
                for (var i = first; i < last; i++)
                {
                    var frame = track[i];
                    for (var c = 0; c < vector.Length; c++)
                    {
                        vector[c] += (frame[c] - 128f) / Math.Max(1, last - first);
                    }
                }

                segments.Add(new EmbeddingSegment(start, end, EmbeddingScope.Clip, EmbeddingOption.Visual, vector));
            }

            return new EmbeddingSet("local", "synthetic", PictureTrack.DescriptorLength, ClipLength, segments);
        }

        private (SyntheticFootage Source, double Time) Locate(SyntheticFootage footage, double t)
        {
            double at = 0;
            foreach (var stretch in Stretches)
            {
                if (t < at + stretch.Length || ReferenceEquals(stretch, Stretches[^1]))
                {
                    return (stretch.Source ?? footage, stretch.Start + Math.Min(t - at, stretch.Length));
                }

                at += stretch.Length;
            }

            return (footage, 0);
        }
    }
}
