using System.Globalization;
using Sage.Core.Comparison;

namespace Sage.Bench.Evaluation;

/// <summary>
/// The built-in evaluation pairs: synthetic 30 s sources (ffmpeg lavfi) and edits with known times. Every video is
/// 320x240, 25 fps, H.264 + AAC; each pair folder holds <c>a.mp4</c>, <c>b.mp4</c> and <see cref="PairTruth"/>.
/// Files already present are kept (delete the folder to regenerate).
/// </summary>
/// <remarks>
/// Texture-like sources (cellular automaton, noise, colour bars) get a slow colour drift so that their clips differ
/// from one another over time, as real footage does; without it every clip of such a source looks alike and an
/// insertion or removal has no single right place.
/// </remarks>
internal sealed class EvaluationSet(string root)
{
    private const double Duration = 30;
    private const string Size = "320x240";

    private static readonly string[] Encode =
        ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-g", "50", "-c:a", "aac", "-b:a", "96k", "-ar", "48000", "-ac", "1"];

    /// <summary>Video and audio lavfi graphs of the sources, by name.</summary>
    private static readonly Dictionary<string, (string Video, string Audio)> Sources = new(StringComparer.Ordinal)
    {
        ["testsrc2"] = ($"testsrc2=size={Size}:rate=25", "aevalsrc=0.2*sin(2*PI*(200+15*t)*t):s=48000"),
        ["mandelbrot"] = ($"mandelbrot=size={Size}:rate=25", "anoisesrc=color=pink:amplitude=0.2:sample_rate=48000:seed=11"),
        ["life"] = ($"life=size={Size}:rate=25:mold=10:ratio=0.1:seed=7:death_color=#C83232:life_color=#00ff00:mold_color=#204060",
            "sine=frequency=660:beep_factor=3:sample_rate=48000"),
        ["cellauto"] = ($"cellauto=size={Size}:rate=25:rule=110:seed=3:random_fill_ratio=0.5,format=yuv420p,geq=lum='lum(X,Y)':cb='128+70*sin(2*PI*T/25)':cr='128+70*cos(2*PI*T/25)'",
            "aevalsrc=0.15*sin(2*PI*330*t)*(0.6+0.4*sin(2*PI*0.5*t))+0.1*sin(2*PI*495*t):s=48000"),
        ["smptehdbars"] = ($"smptehdbars=size={Size}:rate=25,hue=H=2*PI*t/15", "anoisesrc=color=brown:amplitude=0.3:sample_rate=48000:seed=5"),
        ["gradients"] = ($"gradients=size={Size}:rate=25:speed=0.03:seed=5", "aevalsrc=0.2*sin(2*PI*(880-12*t)*t):s=48000"),
        ["geq"] = ($"nullsrc=size={Size}:rate=25,format=yuv420p,geq=lum='128+90*sin(X/12+T*2)*cos(Y/9-T*1.3)':cb='128+60*sin(T/3)':cr='128+60*cos(T/4)',noise=alls=20:allf=t",
            "sine=frequency=440:beep_factor=2:sample_rate=48000"),
        ["noise"] = ($"color=c=0x406080:size={Size}:rate=25,noise=alls=40:allf=t+u,hue=H=2*PI*t/20:s=2", "anoisesrc=color=white:amplitude=0.1:sample_rate=48000:seed=3"),
    };

    public string Root { get; } = root;

    public async Task GenerateAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(SourcesFolder);
        foreach (var name in Sources.Keys)
        {
            await SourceAsync(name, cancellationToken);
        }

        var black = Path.Combine(SourcesFolder, "black.mp4");
        await CreateOnceAsync(black, tmp => Ffmpeg.RunAsync(
            ["-f", "lavfi", "-i", $"color=c=black:size={Size}:rate=25", "-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono", "-t", "2", .. Encode, tmp], cancellationToken));

        var font = FindFont();
        await ReplacedAsync("replaced-testsrc2", "testsrc2", "mandelbrot", 10, 14, cancellationToken);
        await ReplacedAsync("replaced-life", "life", "gradients", 16, 20, cancellationToken);
        await ReplacedAsync("replaced-noise", "noise", "testsrc2", 4, 8, cancellationToken);
        await InsertedAsync("inserted-mandelbrot", "mandelbrot", "testsrc2", 12, cancellationToken);
        await InsertedAsync("inserted-gradients", "gradients", "cellauto", 20, cancellationToken);
        await RemovedAsync("removed-cellauto", "cellauto", 14, 18, cancellationToken);
        await RemovedAsync("removed-geq", "geq", 6, 10, cancellationToken);
        await OverlayAsync("overlay-testsrc2", "testsrc2", 8, 11, font, cancellationToken);
        await OverlayAsync("overlay-mandelbrot", "mandelbrot", 20, 23, font, cancellationToken);
        await ColourAsync("colour-smptehdbars", "smptehdbars", 12, 17, "hue=h=120:s=1.5", cancellationToken);
        await ColourAsync("colour-life", "life", 5, 10, "colorchannelmixer=rr=0.2:rg=0.7:gg=0.2:gb=0.7:bb=0.2:br=0.7", cancellationToken);
        await ColourAsync("colour-testsrc2", "testsrc2", 20, 25, "eq=brightness=0.25:saturation=0.3:gamma=1.4", cancellationToken);
        await AudioAsync("audio-testsrc2", "testsrc2", "noise", 10, 15, cancellationToken);
        await AudioAsync("audio-gradients", "gradients", "life", 18, 22, cancellationToken);
        await OffsetAsync("offset-mandelbrot", "mandelbrot", black, cancellationToken);
        await OffsetAsync("offset-geq", "geq", black, cancellationToken);
        await TrimAsync("trim-testsrc2", "testsrc2", 26, cancellationToken);
        await TrimAsync("trim-smptehdbars", "smptehdbars", 25, cancellationToken);
        await ControlAsync("control-bitrate-testsrc2", "testsrc2", "re-encoded at 60 kb/s video, 32 kb/s audio",
            ["-c:v", "libx264", "-preset", "veryfast", "-b:v", "60k", "-maxrate", "60k", "-bufsize", "120k", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "32k"], cancellationToken);
        await ControlAsync("control-bitrate-life", "life", "re-encoded at 60 kb/s video, 32 kb/s audio",
            ["-c:v", "libx264", "-preset", "veryfast", "-b:v", "60k", "-maxrate", "60k", "-bufsize", "120k", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "32k"], cancellationToken);
        await ControlAsync("control-resolution-mandelbrot", "mandelbrot", "scaled to 640x480",
            ["-vf", "scale=640:480", .. Encode], cancellationToken);
        await ControlAsync("control-resolution-geq", "geq", "scaled to 160x120",
            ["-vf", "scale=160:120", .. Encode], cancellationToken);
    }

    private string SourcesFolder => Path.Combine(Root, "_sources");

    private async Task<string> SourceAsync(string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(SourcesFolder, name + ".mp4");
        var (video, audio) = Sources[name];
        await CreateOnceAsync(path, tmp => Ffmpeg.RunAsync(
            ["-f", "lavfi", "-i", video, "-f", "lavfi", "-i", audio, "-t", Seconds(Duration), "-map", "0:v", "-map", "1:a", .. Encode, tmp], cancellationToken));
        return path;
    }

    private async Task ReplacedAsync(string name, string source, string material, double start, double end, CancellationToken cancellationToken)
    {
        var a = await SourceAsync(source, cancellationToken);
        var m = await SourceAsync(material, cancellationToken);
        await PairAsync(name, a, tmp => SpliceAsync([a, m], [(0, 0, start), (1, start, end), (0, end, Duration)], tmp, cancellationToken),
            new PairTruth(name, "replaced", $"{Seconds(start)}–{Seconds(end)} s of {source} replaced by the same span of {material} (picture and sound)",
                [new TruthRegion(RegionKind.Changed, start, end, start, end)]));
    }

    private async Task InsertedAsync(string name, string source, string material, double at, CancellationToken cancellationToken)
    {
        const double length = 6;
        var a = await SourceAsync(source, cancellationToken);
        var m = await SourceAsync(material, cancellationToken);
        await PairAsync(name, a, tmp => SpliceAsync([a, m], [(0, 0, at), (1, 0, length), (0, at, Duration)], tmp, cancellationToken),
            new PairTruth(name, "inserted", $"6 s of {material} inserted into {source} at {Seconds(at)} s",
                [new TruthRegion(RegionKind.Inserted, at, at, at, at + length)]));
    }

    private async Task RemovedAsync(string name, string source, double start, double end, CancellationToken cancellationToken)
    {
        var a = await SourceAsync(source, cancellationToken);
        await PairAsync(name, a, tmp => SpliceAsync([a], [(0, 0, start), (0, end, Duration)], tmp, cancellationToken),
            new PairTruth(name, "removed", $"{Seconds(start)}–{Seconds(end)} s of {source} cut out",
                [new TruthRegion(RegionKind.Removed, start, end, start, start)]));
    }

    private async Task OverlayAsync(string name, string source, double start, double end, string? font, CancellationToken cancellationToken)
    {
        var a = await SourceAsync(source, cancellationToken);
        var enable = $"enable='between(t,{Seconds(start)},{Seconds(end)})'";
        // drawbox stands in when no font is installed (drawtext needs one); the README says which was used.
        var filter = font is not null
            ? $"drawtext=fontfile={font}:text='BREAKING NEWS':fontsize=34:fontcolor=white:box=1:boxcolor=black@0.75:boxborderw=12:x=(w-text_w)/2:y=h-text_h-40:{enable}"
            : $"drawbox=x=20:y=150:w=280:h=60:color=black@0.8:t=fill:{enable}";
        var what = font is not null ? "a 'BREAKING NEWS' text banner (drawtext)" : "a black box (drawbox; no font found)";
        await PairAsync(name, a, tmp => Ffmpeg.RunAsync(["-i", a, "-vf", filter, .. Encode, tmp], cancellationToken),
            new PairTruth(name, "overlay", $"{what} over {source} for {Seconds(start)}–{Seconds(end)} s",
                [new TruthRegion(RegionKind.Changed, start, end, start, end)]));
    }

    private async Task ColourAsync(string name, string source, double start, double end, string grade, CancellationToken cancellationToken)
    {
        var a = await SourceAsync(source, cancellationToken);
        var filter = $"{grade}:enable='between(t,{Seconds(start)},{Seconds(end)})'";
        await PairAsync(name, a, tmp => Ffmpeg.RunAsync(["-i", a, "-vf", filter, .. Encode, tmp], cancellationToken),
            new PairTruth(name, "colour", $"colour grade {grade} over {source} for {Seconds(start)}–{Seconds(end)} s",
                [new TruthRegion(RegionKind.Changed, start, end, start, end)]));
    }

    private async Task AudioAsync(string name, string source, string material, double start, double end, CancellationToken cancellationToken)
    {
        var a = await SourceAsync(source, cancellationToken);
        var m = await SourceAsync(material, cancellationToken);
        var graph =
            $"[0:a]atrim=start=0:end={Seconds(start)},asetpts=PTS-STARTPTS[a0];" +
            $"[1:a]atrim=start={Seconds(start)}:end={Seconds(end)},asetpts=PTS-STARTPTS[a1];" +
            $"[0:a]atrim=start={Seconds(end)},asetpts=PTS-STARTPTS[a2];[a0][a1][a2]concat=n=3:v=0:a=1[a]";
        // The picture is copied, so it is bit-for-bit A's; only the sound differs.
        await PairAsync(name, a, tmp => Ffmpeg.RunAsync(
                ["-i", a, "-i", m, "-filter_complex", graph, "-map", "0:v", "-map", "[a]", "-c:v", "copy", "-c:a", "aac", "-b:a", "96k", "-ar", "48000", "-ac", "1", tmp],
                cancellationToken),
            new PairTruth(name, "audio", $"the sound of {source} replaced by {material}'s for {Seconds(start)}–{Seconds(end)} s; picture copied",
                [new TruthRegion(RegionKind.Changed, start, end, start, end)]));
    }

    private async Task OffsetAsync(string name, string source, string black, CancellationToken cancellationToken)
    {
        var a = await SourceAsync(source, cancellationToken);
        await PairAsync(name, a, tmp => SpliceAsync([a, black], [(1, 0, 1), (0, 0, Duration)], tmp, cancellationToken),
            new PairTruth(name, "offset", $"1 s of black and silence before {source}",
                [new TruthRegion(RegionKind.Inserted, 0, 0, 0, 1)]));
    }

    private async Task TrimAsync(string name, string source, double keep, CancellationToken cancellationToken)
    {
        var a = await SourceAsync(source, cancellationToken);
        await PairAsync(name, a, tmp => Ffmpeg.RunAsync(["-i", a, "-t", Seconds(keep), .. Encode, tmp], cancellationToken),
            new PairTruth(name, "trim", $"{source} cut at {Seconds(keep)} s (the last {Seconds(Duration - keep)} s trimmed)",
                [new TruthRegion(RegionKind.Removed, keep, Duration, keep, keep)]));
    }

    private async Task ControlAsync(string name, string source, string what, string[] encode, CancellationToken cancellationToken)
    {
        var a = await SourceAsync(source, cancellationToken);
        await PairAsync(name, a, tmp => Ffmpeg.RunAsync(["-i", a, .. encode, tmp], cancellationToken),
            new PairTruth(name, "control", $"{source} {what}; no difference expected", []));
    }

    private async Task PairAsync(string name, string a, Func<string, Task> makeB, PairTruth truth)
    {
        var folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, "a.mp4");
        if (!File.Exists(copy))
        {
            File.Copy(a, copy);
        }

        await CreateOnceAsync(Path.Combine(folder, "b.mp4"), makeB);
        truth.Write(Path.Combine(folder, PairTruth.FileName));
        Console.WriteLine($"  {name}: {truth.Description}");
    }

    /// <summary>Concatenates spans (input, start, end) of the inputs, picture and sound, re-encoded.</summary>
    private static Task SpliceAsync(string[] inputs, (int Input, double Start, double End)[] spans, string output, CancellationToken cancellationToken)
    {
        var graph = new System.Text.StringBuilder();
        for (var k = 0; k < spans.Length; k++)
        {
            var (input, start, end) = spans[k];
            graph.Append(CultureInfo.InvariantCulture,
                $"[{input}:v]trim=start={Seconds(start)}:end={Seconds(end)},setpts=PTS-STARTPTS,fps=25,scale=320:240,setsar=1,format=yuv420p[v{k}];");
            graph.Append(CultureInfo.InvariantCulture,
                $"[{input}:a]atrim=start={Seconds(start)}:end={Seconds(end)},asetpts=PTS-STARTPTS,aresample=48000,aformat=channel_layouts=mono[a{k}];");
        }

        for (var k = 0; k < spans.Length; k++)
        {
            graph.Append(CultureInfo.InvariantCulture, $"[v{k}][a{k}]");
        }

        graph.Append(CultureInfo.InvariantCulture, $"concat=n={spans.Length}:v=1:a=1[v][a]");
        var arguments = inputs.SelectMany(i => new[] { "-i", i }).Concat(["-filter_complex", graph.ToString(), "-map", "[v]", "-map", "[a]", .. Encode, output]);
        return Ffmpeg.RunAsync(arguments, cancellationToken);
    }

    /// <summary>Writes through a temporary name so an interrupted run leaves no half file that looks finished.</summary>
    private static async Task CreateOnceAsync(string path, Func<string, Task> create)
    {
        if (File.Exists(path))
        {
            return;
        }

        var tmp = path + ".tmp.mp4";
        await create(tmp);
        File.Move(tmp, path, overwrite: true);
    }

    private static readonly string[] FontCandidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ];

    private static string? FindFont() => FontCandidates.FirstOrDefault(File.Exists);

    private static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
