using Xunit.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Sage.Core.Embeddings;
using Sage.Embeddings.Local;

namespace Sage.Embeddings.Tests;

[Collection(EngineTests.Name)]
public sealed class LocalEmbeddingEngineTests(EngineFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_vector_has_unit_length_and_the_set_describes_the_engine()
    {
        var result = await fixture.EmbedAsync(fixture.Original);

        Assert.Equal("local", result.Set.Engine);
        Assert.Equal(LocalEmbeddingEngine.ModelName, result.Set.Model);
        Assert.Equal(512, result.Set.Dimension);
        Assert.Equal(2, result.Set.ClipLength);
        Assert.Equal([EmbeddingOption.Audio, EmbeddingOption.Visual], result.Set.ClipOptions);
        Assert.Empty(result.Skipped);
        Assert.Equal(512, result.FeatureLengths[EmbeddingOption.Visual]);
        Assert.Equal(82, result.FeatureLengths[EmbeddingOption.Audio]);
        Assert.All(result.Set.Segments, s =>
        {
            Assert.Equal(512, s.Vector.Length);
            Assert.Equal(1.0, Math.Sqrt(s.Vector.Sum(v => (double)v * v)), 4);
        });
        Assert.Single(result.Set.Segments, s => s.Scope == EmbeddingScope.Video && s.Option == EmbeddingOption.Visual);
        Assert.Single(result.Set.Segments, s => s.Scope == EmbeddingScope.Video && s.Option == EmbeddingOption.Audio);
    }

    [Fact]
    public async Task The_same_video_embedded_twice_gives_identical_vectors()
    {
        var first = await fixture.EmbedAsync(fixture.Original);
        var second = await fixture.EmbedAsync(fixture.Original);

        Assert.Equal(first.Set.Segments.Count, second.Set.Segments.Count);
        foreach (var (a, b) in first.Set.Segments.Zip(second.Set.Segments))
        {
            Assert.Equal((a.Start, a.End, a.Scope, a.Option), (b.Start, b.End, b.Scope, b.Option));
            Assert.Equal(a.Vector, b.Vector);
        }
    }

    [Fact]
    public async Task Clip_count_follows_the_ceil_rule_and_clips_cover_the_duration()
    {
        var probe = await fixture.Media.ProbeAsync(fixture.Original, CancellationToken.None);
        foreach (var length in new[] { 2.0, 7.0 })
        {
            var result = await fixture.EmbedAsync(fixture.Original, length);
            foreach (var option in result.Set.ClipOptions)
            {
                var clips = result.Set.Clips(option);
                var expected = (int)Math.Ceiling(probe.DurationSeconds / length);
                if (probe.DurationSeconds - ((expected - 1) * length) < ClipPlan.MinTailSeconds)
                {
                    expected--;
                }

                Assert.Equal(expected, clips.Count);
                Assert.Equal(0, clips[0].Start);
                Assert.Equal(probe.DurationSeconds, clips[^1].End);
                Assert.All(clips.Zip(clips.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
            }
        }
    }

    [Fact]
    public async Task Replaced_seconds_20_to_24_score_clearly_lower_visual_similarity_than_the_rest()
    {
        var original = await fixture.EmbedAsync(fixture.Original);
        var spliced = await fixture.EmbedAsync(fixture.Spliced);

        var distances = Cosine.ClipDistances(original.Set, spliced.Set, EmbeddingOption.Visual);
        var clips = original.Set.Clips(EmbeddingOption.Visual);
        output.WriteLine(string.Join(" ", distances.Select(d => d.ToString("F4", System.Globalization.CultureInfo.InvariantCulture))));
        var changed = distances.Where((_, i) => clips[i].Start >= 20 && clips[i].End <= 24).ToArray();
        var unchanged = distances.Where((_, i) => clips[i].End <= 20 || clips[i].Start >= 24).ToArray();

        Assert.Equal(2, changed.Length);
        Assert.True(changed.Min() > 0.2, $"changed clips: {string.Join(", ", changed)}");
        Assert.True(unchanged.Max() < 0.05, $"unchanged clips: {string.Join(", ", unchanged)}");
        Assert.True(changed.Min() > 4 * unchanged.Max());
    }

    [Fact]
    public async Task A_copy_with_only_new_audio_differs_only_in_the_audio_option()
    {
        var original = await fixture.EmbedAsync(fixture.Original);
        var newAudio = await fixture.EmbedAsync(fixture.NewAudio);

        var visual = Cosine.ClipDistances(original.Set, newAudio.Set, EmbeddingOption.Visual);
        var audio = Cosine.ClipDistances(original.Set, newAudio.Set, EmbeddingOption.Audio);
        output.WriteLine($"visual max {visual.Max():F5}, audio min {audio.Min():F4}");

        Assert.True(visual.Max() < 1e-3, $"visual: {visual.Max()}");
        Assert.True(audio.Min() > 0.2, $"audio: {audio.Min()}");
        Assert.True(audio.Min() > 100 * Math.Max(visual.Max(), 1e-6));
    }

    [Fact]
    public async Task A_low_quality_reencode_stays_close_in_both_options_and_much_closer_than_other_content()
    {
        var original = await fixture.EmbedAsync(fixture.Original);
        var reencoded = await fixture.EmbedAsync(fixture.Reencoded);
        var newAudio = await fixture.EmbedAsync(fixture.NewAudio);

        var visual = Cosine.ClipDistances(original.Set, reencoded.Set, EmbeddingOption.Visual);
        var audio = Cosine.ClipDistances(original.Set, reencoded.Set, EmbeddingOption.Audio);
        var otherAudio = Cosine.ClipDistances(original.Set, newAudio.Set, EmbeddingOption.Audio);
        output.WriteLine($"re-encode: visual max {visual.Max():F4}, audio max {audio.Max():F4}; other sound: audio min {otherAudio.Min():F4}");

        Assert.True(visual.Max() < 0.05, $"visual: {visual.Max()}");
        Assert.True(audio.Max() < 0.05, $"audio: {audio.Max()}");
        Assert.True(otherAudio.Min() > 5 * audio.Max());
    }

    [Fact]
    public async Task A_video_without_audio_gets_no_audio_segments_and_says_so()
    {
        var result = await fixture.EmbedAsync(fixture.Silent);

        Assert.Equal([EmbeddingOption.Visual], result.Set.ClipOptions);
        Assert.DoesNotContain(result.Set.Segments, s => s.Option == EmbeddingOption.Audio);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(EmbeddingOption.Audio, skipped.Option);
        Assert.False(result.HasOption(EmbeddingOption.Audio));
        // 8.3 s at 2 s per clip: the 0.3 s tail is merged, 4 clips, the last one 2.3 s long.
        var clips = result.Set.Clips(EmbeddingOption.Visual);
        Assert.Equal(4, clips.Count);
        Assert.Equal(8.3, clips[^1].End, 1);
    }

    [Fact]
    public async Task A_still_picture_gives_the_frame_embedding_in_every_clip()
    {
        // Repeated identical frames skip the model and reuse its last output: the result must not change.
        var picture = Path.Combine(fixture.Folder, "still.png");
        var still = Path.Combine(fixture.Folder, "still.mp4");
        await Ffmpeg.RunAsync("-f", "lavfi", "-i", "smptebars=size=320x240:rate=1", "-frames:v", "1", picture);
        await Ffmpeg.RunAsync("-loop", "1", "-framerate", "25", "-i", picture, "-t", "6", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv444p", still);
        var first = await Ffmpeg.ReadRgb224Async(still);
        using var input = ResNet18Model.CreateInput();
        using var frameOutput = ResNet18Model.CreateOutput();
        using var runOptions = new Microsoft.ML.OnnxRuntime.RunOptions();
        fixture.Model.Preprocessor.Apply(first, input.Data);
        fixture.Model.Run(input, frameOutput, runOptions);

        var result = await fixture.EmbedAsync(still);

        var clips = result.Set.Clips(EmbeddingOption.Visual);
        Assert.Equal(3, clips.Count);
        Assert.All(clips, c => Assert.True(Cosine.Distance(c.Vector, frameOutput.Data) < 1e-5, $"{Cosine.Distance(c.Vector, frameOutput.Data)}"));
        Assert.All(clips, c => Assert.Equal(clips[0].Vector, c.Vector));
    }

    [Fact]
    public async Task Progress_rises_to_one()
    {
        var reports = new List<double>();
        var progress = new SynchronousProgress(reports);

        await fixture.EmbedAsync(fixture.Silent, progress: progress);

        Assert.NotEmpty(reports);
        Assert.Equal(1.0, reports[^1]);
        Assert.Equal(reports.Order().ToList(), reports);
        Assert.True(reports.Count > 5, $"{reports.Count} reports");
    }

    [Fact]
    public async Task Cancelling_stops_the_job()
    {
        using var cancellation = new CancellationTokenSource();
        var probe = await fixture.Media.ProbeAsync(fixture.Original, CancellationToken.None);
        var request = new EmbeddingRequest { Source = VideoSource.FromFile(fixture.Original), Probe = probe };
        var progress = new SynchronousProgress([], onReport: _ => cancellation.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Engine.EmbedAsync(request, progress, cancellation.Token));
    }

    [Fact]
    public async Task A_missing_file_fails_with_the_decoder_error()
    {
        var probe = await fixture.Media.ProbeAsync(fixture.Original, CancellationToken.None);
        var request = new EmbeddingRequest { Source = VideoSource.FromFile(Path.Combine(fixture.Folder, "missing.mp4")), Probe = probe };

        await Assert.ThrowsAsync<Sage.Media.MediaToolException>(() => fixture.Engine.EmbedAsync(request, null, CancellationToken.None));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(10.5)]
    public async Task Clip_lengths_outside_2_to_10_seconds_are_refused(double length)
    {
        var probe = await fixture.Media.ProbeAsync(fixture.Silent, CancellationToken.None);
        var request = new EmbeddingRequest { Source = VideoSource.FromFile(fixture.Silent), Probe = probe, ClipLengthSeconds = length };

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fixture.Engine.EmbedAsync(request, null, CancellationToken.None));
    }

    [Fact]
    public void The_local_engine_is_registered_by_name_and_keyed()
    {
        var engines = fixture.Services.GetRequiredService<EmbeddingEngines>();

        Assert.Contains("local", engines.Names);
        Assert.Same(fixture.Engine, engines.Get("local"));
        Assert.Same(fixture.Engine, engines.Get("LOCAL"));
        Assert.Same(fixture.Engine, fixture.Services.GetRequiredService<EmbeddingEngines>().Get("local"));
        Assert.Throws<KeyNotFoundException>(() => engines.Get("no-such-engine"));
    }

    private sealed class SynchronousProgress(List<double> reports, Action<double>? onReport = null) : IProgress<double>
    {
        public void Report(double value)
        {
            lock (reports)
            {
                reports.Add(value);
            }

            onReport?.Invoke(value);
        }
    }
}
