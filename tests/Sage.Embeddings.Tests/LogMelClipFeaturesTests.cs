using Sage.Embeddings.Local;
using Xunit.Abstractions;

namespace Sage.Embeddings.Tests;

public sealed class LogMelClipFeaturesTests(ITestOutputHelper output)
{
    private const int Rate = 16000;

    [Fact]
    public void Different_sounds_are_far_apart_and_the_same_sound_quieter_is_close()
    {
        var tone440 = Features(t => 0.5 * Math.Sin(2 * Math.PI * 440 * t));
        var tone440Quiet = Features(t => 0.05 * Math.Sin(2 * Math.PI * 440 * t));
        var tone1000 = Features(t => 0.5 * Math.Sin(2 * Math.PI * 1000 * t));
        var random = new Random(7);
        var noise = Features(_ => (random.NextDouble() * 2) - 1);
        var silence = Features(_ => 0);

        var quieter = Cosine.Distance(tone440, tone440Quiet);
        var otherTone = Cosine.Distance(tone440, tone1000);
        var toNoise = Cosine.Distance(tone440, noise);
        var toSilence = Cosine.Distance(tone440, silence);
        output.WriteLine($"quieter {quieter:F4}, other tone {otherTone:F4}, noise {toNoise:F4}, silence {toSilence:F4}");

        Assert.True(quieter < 0.05, $"quieter: {quieter}");
        Assert.True(otherTone > 0.3, $"other tone: {otherTone}");
        Assert.True(toNoise > 0.3, $"noise: {toNoise}");
        Assert.True(toSilence > 0.5, $"silence: {toSilence}");
    }

    [Fact]
    public void Silence_has_a_defined_unit_vector_and_audio_that_ends_early_reads_as_silence()
    {
        var plan = ClipPlan.For(4, 2);
        var features = new LogMelClipFeatures(Rate, plan);
        features.Add(Enumerable.Range(0, 2 * Rate).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / Rate))).ToArray());

        var sound = features.ClipVector(0, 512);
        var ended = features.ClipVector(1, 512);

        Assert.Equal(1.0, Math.Sqrt(ended.Sum(v => (double)v * v)), 5);
        Assert.Equal(1.0, Math.Sqrt(sound.Sum(v => (double)v * v)), 5);
        Assert.All(ended.Skip(LogMelClipFeatures.FeatureLength), v => Assert.Equal(0f, v));
        Assert.True(Cosine.Distance(sound, ended) > 0.5);
    }

    [Fact]
    public void Block_boundaries_do_not_change_the_features()
    {
        var samples = Enumerable.Range(0, 3 * Rate).Select(i => (float)Math.Sin(i * 0.37) * (i % 977) / 977f).ToArray();
        var plan = ClipPlan.For(3, 2);
        var whole = new LogMelClipFeatures(Rate, plan);
        var pieces = new LogMelClipFeatures(Rate, plan);

        whole.Add(samples);
        for (var offset = 0; offset < samples.Length; offset += 1234)
        {
            pieces.Add(samples.AsSpan(offset, Math.Min(1234, samples.Length - offset)));
        }

        Assert.Equal(whole.ClipVector(0, 512), pieces.ClipVector(0, 512));
    }

    private static float[] Features(Func<double, double> signal)
    {
        var features = new LogMelClipFeatures(Rate, ClipPlan.For(2, 2));
        features.Add(Enumerable.Range(0, 2 * Rate).Select(i => (float)signal(i / (double)Rate)).ToArray());
        return features.ClipVector(0, 512);
    }
}
