using Sage.Core.Comparison;

namespace Sage.Bench.Evaluation;

/// <summary>
/// The first harness's pairs, category "grid": every edit on an even second, exactly the 2 s clip grid. Kept as they
/// were, to show what the grid hides; they alternate between the splits (even positions dev, odd positions test).
/// </summary>
internal static class GridPairs
{
    public static async Task WriteAsync(SyntheticSources sources, PairWriter writer, string split, CancellationToken cancellationToken)
    {
        var black = await sources.BlackAsync(cancellationToken);
        var bitrate = new[] { "-c:v", "libx264", "-preset", "veryfast", "-b:v", "60k", "-maxrate", "60k", "-bufsize", "120k", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "32k" };
        var pairs = new List<Func<Task>>
        {
            () => Replaced("testsrc2", "mandelbrot", 10, 14),
            () => Replaced("life", "gradients", 16, 20),
            () => Replaced("noise", "testsrc2", 4, 8),
            () => Inserted("mandelbrot", "testsrc2", 12),
            () => Inserted("gradients", "cellauto", 20),
            () => Removed("cellauto", 14, 18),
            () => Removed("geq", 6, 10),
            () => Overlay("testsrc2", 8, 11),
            () => Overlay("mandelbrot", 20, 23),
            () => Colour("smptehdbars", 12, 17, "hue=h=120:s=1.5"),
            () => Colour("life", 5, 10, "colorchannelmixer=rr=0.2:rg=0.7:gg=0.2:gb=0.7:bb=0.2:br=0.7"),
            () => Colour("testsrc2", 20, 25, "eq=brightness=0.25:saturation=0.3:gamma=1.4"),
            () => Audio("testsrc2", "noise", 10, 15),
            () => Audio("gradients", "life", 18, 22),
            () => Offset("mandelbrot"),
            () => Offset("geq"),
            () => Trim("testsrc2", 26),
            () => Trim("smptehdbars", 25),
            () => Control("bitrate-testsrc2", "testsrc2", "re-encoded at 60 kb/s video, 32 kb/s audio", bitrate),
            () => Control("bitrate-life", "life", "re-encoded at 60 kb/s video, 32 kb/s audio", bitrate),
            () => Control("resolution-mandelbrot", "mandelbrot", "scaled to 640x480", ["-vf", "scale=640:480", .. Media.Encode]),
            () => Control("resolution-geq", "geq", "scaled to 160x120", ["-vf", "scale=160:120", .. Media.Encode]),
        };
        for (var i = 0; i < pairs.Count; i++)
        {
            if ((i % 2 == 0 ? "dev" : "test") == split)
            {
                await pairs[i]();
            }
        }

        const int F = Media.FrameRate;
        const int End = SyntheticSources.Frames;

        async Task Replaced(string source, string material, int start, int end)
        {
            var a = await sources.GetAsync(source, cancellationToken);
            var m = await sources.GetAsync(material, cancellationToken);
            await writer.PairAsync($"grid-replaced-{source}", a,
                tmp => Media.SpliceAsync([a, m], [(0, 0, start * F), (1, start * F, end * F), (0, end * F, End)], tmp, cancellationToken),
                new PairTruth($"grid-replaced-{source}", "grid", "replaced", $"{start}–{end} s of {source} replaced by the same span of {material} (picture and sound)",
                    [new TruthRegion(RegionKind.Changed, start, end, start, end, TruthDifference.Both)]));
        }

        async Task Inserted(string source, string material, int at)
        {
            var a = await sources.GetAsync(source, cancellationToken);
            var m = await sources.GetAsync(material, cancellationToken);
            await writer.PairAsync($"grid-inserted-{source}", a,
                tmp => Media.SpliceAsync([a, m], [(0, 0, at * F), (1, 0, 6 * F), (0, at * F, End)], tmp, cancellationToken),
                new PairTruth($"grid-inserted-{source}", "grid", "inserted", $"6 s of {material} inserted into {source} at {at} s",
                    [new TruthRegion(RegionKind.Inserted, at, at, at, at + 6)]));
        }

        async Task Removed(string source, int start, int end)
        {
            var a = await sources.GetAsync(source, cancellationToken);
            await writer.PairAsync($"grid-removed-{source}", a,
                tmp => Media.SpliceAsync([a], [(0, 0, start * F), (0, end * F, End)], tmp, cancellationToken),
                new PairTruth($"grid-removed-{source}", "grid", "removed", $"{start}–{end} s of {source} cut out",
                    [new TruthRegion(RegionKind.Removed, start, end, start, start)]));
        }

        async Task Overlay(string source, int start, int end)
        {
            var a = await sources.GetAsync(source, cancellationToken);
            var filter = Media.Super("BREAKING NEWS", start * F, end * F, 34, "x=(w-text_w)/2:y=h-text_h-40");
            await writer.PairAsync($"grid-overlay-{source}", a, tmp => Media.FilterAsync(a, filter, tmp, cancellationToken),
                new PairTruth($"grid-overlay-{source}", "grid", "overlay", $"a 'BREAKING NEWS' banner over {source} for {start}–{end} s",
                    [new TruthRegion(RegionKind.Changed, start, end, start, end, TruthDifference.Picture)]));
        }

        async Task Colour(string source, int start, int end, string grade)
        {
            var a = await sources.GetAsync(source, cancellationToken);
            var filter = $"{grade}:enable='between(n,{start * F},{(end * F) - 1})'";
            await writer.PairAsync($"grid-colour-{source}", a, tmp => Media.FilterAsync(a, filter, tmp, cancellationToken),
                new PairTruth($"grid-colour-{source}", "grid", "colour", $"colour grade {grade} over {source} for {start}–{end} s",
                    [new TruthRegion(RegionKind.Changed, start, end, start, end, TruthDifference.Picture)]));
        }

        async Task Audio(string source, string material, int start, int end)
        {
            var a = await sources.GetAsync(source, cancellationToken);
            var m = await sources.GetAsync(material, cancellationToken);
            var graph =
                $"[0:a]atrim=end_sample={start * F * Media.SamplesPerFrame},asetpts=PTS-STARTPTS[a0];" +
                $"[1:a]atrim=start_sample={start * F * Media.SamplesPerFrame}:end_sample={end * F * Media.SamplesPerFrame},asetpts=PTS-STARTPTS[a1];" +
                $"[0:a]atrim=start_sample={end * F * Media.SamplesPerFrame},asetpts=PTS-STARTPTS[a2];[a0][a1][a2]concat=n=3:v=0:a=1[a]";
            await writer.PairAsync($"grid-audio-{source}", a, tmp => Ffmpeg.RunAsync(
                    ["-i", a, "-i", m, "-filter_complex", graph, "-map", "0:v", "-map", "[a]", "-c:v", "copy", "-c:a", "aac", "-b:a", "96k", "-ar", "48000", "-ac", "1", tmp],
                    cancellationToken),
                new PairTruth($"grid-audio-{source}", "grid", "audio", $"the sound of {source} replaced by {material}'s for {start}–{end} s; picture copied",
                    [new TruthRegion(RegionKind.Changed, start, end, start, end, TruthDifference.Sound)]));
        }

        async Task Offset(string source)
        {
            var a = await sources.GetAsync(source, cancellationToken);
            await writer.PairAsync($"grid-offset-{source}", a,
                tmp => Media.SpliceAsync([a, black], [(1, 0, F), (0, 0, End)], tmp, cancellationToken),
                new PairTruth($"grid-offset-{source}", "grid", "offset", $"1 s of black and silence before {source}",
                    [new TruthRegion(RegionKind.Inserted, 0, 0, 0, 1)]));
        }

        async Task Trim(string source, int keep)
        {
            var a = await sources.GetAsync(source, cancellationToken);
            await writer.PairAsync($"grid-trim-{source}", a,
                tmp => Media.SpliceAsync([a], [(0, 0, keep * F)], tmp, cancellationToken),
                new PairTruth($"grid-trim-{source}", "grid", "trim", $"{source} cut at {keep} s",
                    [new TruthRegion(RegionKind.Removed, keep, SyntheticSources.Duration, keep, keep)]));
        }

        async Task Control(string name, string source, string what, string[] encode)
        {
            var a = await sources.GetAsync(source, cancellationToken);
            await writer.PairAsync($"grid-control-{name}", a, tmp => Ffmpeg.RunAsync(["-i", a, .. encode, tmp], cancellationToken),
                new PairTruth($"grid-control-{name}", "grid", "control", $"{source} {what}; no difference expected", []));
        }
    }
}
