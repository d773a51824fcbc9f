using Microsoft.Extensions.DependencyInjection;
using Sage.Core.Embeddings;
using Sage.Core.Fingerprints;
using Sage.Embeddings.Fingerprints;
using Xunit.Abstractions;

namespace Sage.Embeddings.Tests;

[Collection(EngineTests.Name)]
public sealed class VideoFingerprinterTests(EngineFixture fixture, ITestOutputHelper output)
{
    private IVideoFingerprinter Fingerprinter => fixture.Services.GetRequiredService<IVideoFingerprinter>();

    [Fact]
    public async Task A_25_fps_video_gives_a_descriptor_per_frame_and_50_sound_frames_per_second()
    {
        var fingerprint = await FingerprintAsync(fixture.Original);

        Assert.Equal(25, fingerprint.SourceFrameRate, 3);
        Assert.Equal(25, fingerprint.Picture.FrameRate, 3);
        Assert.InRange(fingerprint.Picture.Count, 748, 752);
        Assert.NotNull(fingerprint.Sound);
        Assert.InRange(fingerprint.Sound.Count, 1495, 1500);
        Assert.Equal(30, fingerprint.Duration, 0);
    }

    [Fact]
    public async Task A_60_fps_source_is_fingerprinted_at_30_frames_per_second()
    {
        var path = Path.Combine(fixture.Folder, "sixty.mp4");
        await Ffmpeg.RunAsync(
            "-f", "lavfi", "-i", "testsrc2=size=96x64:rate=60:duration=2",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", path);

        var fingerprint = await FingerprintAsync(path);

        Assert.Equal(60, fingerprint.SourceFrameRate, 3);
        Assert.Equal(30, fingerprint.Picture.FrameRate);
        Assert.InRange(fingerprint.Picture.Count, 59, 61);
    }

    [Fact]
    public async Task A_video_without_audio_has_no_sound_track()
    {
        var fingerprint = await FingerprintAsync(fixture.Silent);

        Assert.Null(fingerprint.Sound);
        Assert.InRange(fingerprint.Picture.Count, 206, 209);
    }

    [Fact]
    public async Task The_replaced_seconds_and_only_they_change_the_picture_track()
    {
        var original = await FingerprintAsync(fixture.Original);
        var spliced = await FingerprintAsync(fixture.Spliced);

        var inside = MeanDifference(original.Picture, spliced.Picture, 20.2, 23.8);
        var before = MeanDifference(original.Picture, spliced.Picture, 0, 19.8);
        var after = MeanDifference(original.Picture, spliced.Picture, 24.2, 29.8);
        output.WriteLine($"mean byte difference: before {before:F2}, inside {inside:F2}, after {after:F2}");

        Assert.True(inside > 10, $"inside {inside}");
        Assert.True(before < 1 && after < 1, $"before {before}, after {after}");
    }

    [Fact]
    public async Task The_local_engine_computes_the_same_fingerprint_in_its_own_decode()
    {
        var standalone = await FingerprintAsync(fixture.Original);

        var result = await fixture.EmbedAsync(fixture.Original);

        var engine = Assert.IsType<VideoFingerprint>(result.Fingerprint);
        Assert.Equal(standalone.SourceFrameRate, engine.SourceFrameRate);
        Assert.Equal(standalone.Picture.FrameRate, engine.Picture.FrameRate);
        Assert.Equal(standalone.Picture.Count, engine.Picture.Count);
        // Same samples, same maths: the sound is identical. The picture comes from 224×224 frames in the engine
        // and 64×64 in the fingerprinter; area scaling makes the cell means agree within a few steps.
        Assert.Equal(standalone.Sound!.Data.ToArray(), engine.Sound!.Data.ToArray());
        var (mean, max) = Differences(standalone.Picture.Data, engine.Picture.Data);
        output.WriteLine($"picture descriptors, engine against fingerprinter: mean |difference| {mean:F3}, max {max}");
        Assert.True(mean < 0.5, $"mean {mean}");
        Assert.True(max <= 6, $"max {max}");
        // The embeddings the same decode produced are still whole and correct.
        Assert.Equal([EmbeddingOption.Audio, EmbeddingOption.Visual], result.Set.ClipOptions);
        Assert.Equal(15, result.Set.Clips(EmbeddingOption.Visual).Count);
    }

    [Fact]
    public async Task The_engine_fingerprints_even_when_only_audio_is_wanted_and_a_silent_video_has_no_sound()
    {
        var probe = await fixture.Media.ProbeAsync(fixture.Original, CancellationToken.None);
        var request = new EmbeddingRequest { Source = VideoSource.FromFile(fixture.Original), Probe = probe, Options = [EmbeddingOption.Audio] };

        var audioOnly = await fixture.Engine.EmbedAsync(request, null, CancellationToken.None);
        var silent = await fixture.EmbedAsync(fixture.Silent);

        Assert.Equal([EmbeddingOption.Audio], audioOnly.Set.ClipOptions);
        Assert.InRange(audioOnly.Fingerprint!.Picture.Count, 748, 752);
        Assert.NotNull(audioOnly.Fingerprint.Sound);
        Assert.Null(silent.Fingerprint!.Sound);
        Assert.InRange(silent.Fingerprint.Picture.Count, 206, 209);
    }

    [Fact]
    public async Task Progress_rises_to_one()
    {
        var reports = new List<double>();
        var probe = await fixture.Media.ProbeAsync(fixture.Original, CancellationToken.None);

        await Fingerprinter.FingerprintAsync(fixture.Original, probe, new Reports(reports), CancellationToken.None);

        Assert.True(reports.Count > 5, $"{reports.Count} reports");
        Assert.Equal(1.0, reports[^1]);
        Assert.Equal(reports.Order().ToList(), reports);
    }

    [Fact]
    public async Task Cancelling_stops_the_fingerprint()
    {
        using var cancellation = new CancellationTokenSource();
        var probe = await fixture.Media.ProbeAsync(fixture.Original, CancellationToken.None);
        var progress = new Reports([], onReport: v =>
        {
            if (v > 0.1)
            {
                cancellation.Cancel();
            }
        });
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Fingerprinter.FingerprintAsync(fixture.Original, probe, progress, cancellation.Token));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"{stopwatch.Elapsed}");
    }

    [Fact]
    public void The_fingerprinter_is_one_registered_singleton()
    {
        Assert.IsType<VideoFingerprinter>(Fingerprinter);
        Assert.Same(Fingerprinter, fixture.Services.GetRequiredService<IVideoFingerprinter>());
    }

    private async Task<VideoFingerprint> FingerprintAsync(string path)
    {
        var probe = await fixture.Media.ProbeAsync(path, CancellationToken.None);
        return await Fingerprinter.FingerprintAsync(path, probe, null, CancellationToken.None);
    }

    private static double MeanDifference(PictureTrack a, PictureTrack b, double from, double to)
    {
        var total = 0.0;
        var frames = 0;
        for (var i = a.IndexAt(from); i <= a.IndexAt(to); i++)
        {
            total += Differences(a[i], b[i]).Mean;
            frames++;
        }

        return total / frames;
    }

    private static (double Mean, int Max) Differences(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Assert.Equal(a.Length, b.Length);
        long sum = 0;
        var max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = Math.Abs(a[i] - b[i]);
            sum += d;
            max = Math.Max(max, d);
        }

        return (sum / (double)Math.Max(1, a.Length), max);
    }

    private sealed class Reports(List<double> reports, Action<double>? onReport = null) : IProgress<double>
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
