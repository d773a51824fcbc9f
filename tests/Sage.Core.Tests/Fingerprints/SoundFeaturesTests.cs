using Sage.Core.Fingerprints;

namespace Sage.Core.Tests.Fingerprints;

public sealed class SoundFeaturesTests
{
    private const int Rate = SoundFeatures.SampleRate;

    // The exact amplitude ratio of 6 dB, so every level moves by exactly 12 steps of 0.5 dB.
    private static readonly double SixDecibelsDown = Math.Pow(10, -6 / 20.0);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(639, 0)]
    [InlineData(640, 1)]
    [InlineData(959, 1)]
    [InlineData(960, 2)]
    [InlineData(16000, 49)]
    [InlineData(48000 + 17, 149)]
    public void Frame_count_is_whole_40_ms_windows_every_20_ms(int samples, int expected)
    {
        var track = Track(new float[samples]);

        Assert.Equal(expected, track.Count);
        if (samples >= 640)
        {
            Assert.Equal(((samples - 640) / 320) + 1, track.Count);
        }
    }

    [Fact]
    public void Silence_gives_zero_bytes()
    {
        var track = Track(new float[2 * Rate]);

        Assert.All(track.Data.ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Block_sizes_do_not_change_the_track()
    {
        var random = new Random(3);
        var samples = Enumerable.Range(0, 3 * Rate).Select(_ => (float)((random.NextDouble() * 2) - 1) * 0.3f).ToArray();
        var whole = Track(samples);
        var features = new SoundFeatures();
        for (var offset = 0; offset < samples.Length;)
        {
            var take = Math.Min(1 + random.Next(2000), samples.Length - offset);
            features.Add(samples.AsSpan(offset, take));
            offset += take;
        }

        Assert.Equal(whole.Data.ToArray(), features.ToTrack().Data.ToArray());
        Assert.Equal(samples.Length, features.SamplesSeen);
    }

    [Fact]
    public void A_tone_6_dB_lower_is_12_steps_lower_in_loudness()
    {
        var loud = Track(Signal(2, t => 0.5 * Math.Sin(2 * Math.PI * 440 * t)));
        var quiet = Track(Signal(2, t => 0.5 * SixDecibelsDown * Math.Sin(2 * Math.PI * 440 * t)));

        for (var i = 0; i < loud.Count; i++)
        {
            Assert.Equal(12, loud[i][0] - quiet[i][0]);
        }

        // A sine of amplitude 0.5 has an RMS of 0.5/√2: −9.03 dBFS.
        Assert.Equal(SoundTrack.ToByte(20 * Math.Log10(0.5 / Math.Sqrt(2))), loud[10][0]);
    }

    [Fact]
    public void Noise_6_dB_lower_moves_loudness_and_every_band_by_12_steps()
    {
        var random = new Random(11);
        var noise = Enumerable.Range(0, 2 * Rate).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var loud = Track(noise.Select(v => (float)(0.5 * v)).ToArray());
        var quiet = Track(noise.Select(v => (float)(0.5 * SixDecibelsDown * v)).ToArray());

        var shifts = new List<int>();
        for (var i = 0; i < loud.Count; i++)
        {
            for (var b = 0; b < SoundTrack.FrameLength; b++)
            {
                Assert.InRange(quiet[i][b], 1, 254);
                shifts.Add(loud[i][b] - quiet[i][b]);
            }
        }

        // Float rounding may tip a value that sits on a half step; nothing moves by more than one step from 12.
        Assert.All(shifts, s => Assert.InRange(s, 11, 13));
        Assert.True(shifts.Count(s => s == 12) > 0.99 * shifts.Count);
    }

    [Fact]
    public void A_muted_second_reads_as_the_floor_and_the_sound_around_it_does_not()
    {
        var track = Track(Signal(3, t => t is >= 1 and < 2 ? 0 : 0.3 * Math.Sin(2 * Math.PI * 1000 * t)));

        for (var i = 0; i < track.Count; i++)
        {
            var start = SoundTrack.TimeOf(i);
            if (start >= 1 && start + SoundTrack.WindowSeconds <= 2)
            {
                Assert.Equal(0, track[i][0]);
            }
            else if (start + SoundTrack.WindowSeconds <= 1 || start >= 2)
            {
                Assert.True(track[i][0] > 150, $"frame {i}: {track[i][0]}");
            }
        }
    }

    [Fact]
    public void A_different_voice_of_the_same_loudness_has_another_band_shape()
    {
        // Vowels as a 120 Hz voice through two formant envelopes: "ah" (700, 1200 Hz) and "ee" (300, 2300 Hz).
        var ah = Track(Normalised(Signal(2, t => Voice(t, 700, 1200))));
        var ee = Track(Normalised(Signal(2, t => Voice(t, 300, 2300))));

        var frame = 20;
        Assert.InRange(ah[frame][0] - ee[frame][0], -1, 1);
        var bandDifferences = Enumerable.Range(1, SoundTrack.Bands).Select(b => Math.Abs(ah[frame][b] - ee[frame][b])).ToArray();
        // 20 steps = 10 dB: at least a quarter of the bands tell the two apart.
        Assert.True(bandDifferences.Count(d => d >= 20) >= SoundTrack.Bands / 4, string.Join(",", bandDifferences));
    }

    [Fact]
    public void Swapped_music_of_the_same_loudness_has_another_band_shape()
    {
        // A low C major chord against a high A minor chord.
        var low = Track(Normalised(Signal(2, t => Chord(t, 130.8, 164.8, 196.0))));
        var high = Track(Normalised(Signal(2, t => Chord(t, 880.0, 1046.5, 1318.5))));

        var frame = 20;
        Assert.InRange(low[frame][0] - high[frame][0], -1, 1);
        var lowPeak = ArgMax(low[frame][1..]);
        var highPeak = ArgMax(high[frame][1..]);
        Assert.True(highPeak - lowPeak >= 6, $"peak bands {lowPeak} and {highPeak}");
    }

    [Fact]
    public void Full_scale_sound_stays_below_the_top_byte()
    {
        var random = new Random(5);
        var sine = Track(Signal(1, t => Math.Sin(2 * Math.PI * 1000 * t)));
        var noise = Track(Enumerable.Range(0, Rate).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray());

        Assert.All(sine.Data.ToArray(), b => Assert.True(b < 255));
        Assert.All(noise.Data.ToArray(), b => Assert.True(b < 255));
    }

    private static double Voice(double t, double formant1, double formant2)
    {
        var sum = 0.0;
        for (var harmonic = 1; harmonic * 120 < 7000; harmonic++)
        {
            var f = harmonic * 120.0;
            var gain = Resonance(f, formant1, 90) + (0.5 * Resonance(f, formant2, 120));
            sum += gain * Math.Sin((2 * Math.PI * f * t) + harmonic);
        }

        return sum;
    }

    private static double Resonance(double f, double centre, double width) => 1 / (1 + Math.Pow((f - centre) / width, 2));

    private static double Chord(double t, params double[] notes) =>
        notes.Sum(n => Math.Sin(2 * Math.PI * n * t) + (0.3 * Math.Sin(2 * Math.PI * 2 * n * t)));

    private static int ArgMax(ReadOnlySpan<byte> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }

    private static float[] Signal(double seconds, Func<double, double> at) =>
        Enumerable.Range(0, (int)(seconds * Rate)).Select(i => (float)at(i / (double)Rate)).ToArray();

    /// <summary>Scales to an RMS of 0.1, so two sounds differ in shape only.</summary>
    private static float[] Normalised(float[] samples)
    {
        var rms = Math.Sqrt(samples.Average(s => (double)s * s));
        return samples.Select(s => (float)(s * 0.1 / rms)).ToArray();
    }

    private static SoundTrack Track(float[] samples)
    {
        var features = new SoundFeatures();
        features.Add(samples);
        return features.ToTrack();
    }
}
