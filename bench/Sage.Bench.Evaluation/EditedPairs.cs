using System.Globalization;
using Sage.Core.Comparison;

namespace Sage.Bench.Evaluation;

/// <summary>
/// The pairs that look like users' edits, for one split: times and lengths drawn from a seeded RNG (one per category,
/// so skipping one category does not move another's draws), cut on frame numbers, never on a whole second.
/// </summary>
/// <remarks>
/// The splits use different synthetic sources and different real clips where there are enough of them
/// (<see cref="SplitSources"/>); tuning is allowed on dev only, and the headline is test.
/// </remarks>
internal sealed class EditedPairs(SyntheticSources sources, RealFootage real, SpeechLines speech, PairWriter writer, string splitFolder, int seed)
{
    private const int F = Media.FrameRate;
    private const int End = SyntheticSources.Frames;

    private readonly SplitSources pool = seed == 1 ? SplitSources.Dev : SplitSources.Test;

    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        await InsertCutAsync(Draws(1), cancellationToken);
        await LeaderAsync(Draws(2), cancellationToken);
        await ShortAsync(Draws(3), cancellationToken);
        await RealAsync(Draws(4), cancellationToken);
        await SoundAsync(Draws(5), cancellationToken);
        await MovedAsync(Draws(6), cancellationToken);
        await FrameRateAsync(Draws(7), cancellationToken);
        await TrimAsync(Draws(8), cancellationToken);
        await ControlAsync(cancellationToken);
    }

    private Random Draws(int category) => new((seed * 1000) + category);

    /// <summary>A length in frames, uniform in seconds over [min, max], never a whole second.</summary>
    private static int Frames(Random rng, double min, double max)
    {
        while (true)
        {
            var frames = (int)Math.Round((min + (rng.NextDouble() * (max - min))) * F);
            if (frames % F != 0)
            {
                return frames;
            }
        }
    }

    private static string S(int frames) => Media.Seconds(Media.Time(frames));

    private static double T(int frames) => Media.Time(frames);

    private async Task InsertCutAsync(Random rng, CancellationToken ct)
    {
        for (var i = 0; i < 2; i++)
        {
            var (source, material) = (pool.Synthetic[i], pool.Synthetic[(i + 1) % 4]);
            int at = Frames(rng, 6, 22), length = Frames(rng, 1.2, 4.8), from = Frames(rng, 2, 20);
            var a = await sources.GetAsync(source, ct);
            var m = await sources.GetAsync(material, ct);
            await writer.PairAsync($"insert-{i + 1}-{source}", a,
                tmp => Media.SpliceAsync([a, m], [(0, 0, at), (1, from, from + length), (0, at, End)], tmp, ct),
                new PairTruth($"insert-{i + 1}-{source}", "insert-cut", "inserted", $"{S(length)} s of {material} inserted into {source} at {S(at)} s",
                    [new TruthRegion(RegionKind.Inserted, T(at), T(at), T(at), T(at + length))]));
        }

        for (var i = 0; i < 2; i++)
        {
            var source = pool.Synthetic[(i + 2) % 4];
            int start = Frames(rng, 5, 22), length = Frames(rng, 1.5, 5);
            var a = await sources.GetAsync(source, ct);
            await writer.PairAsync($"cut-{i + 1}-{source}", a,
                tmp => Media.SpliceAsync([a], [(0, 0, start), (0, start + length, End)], tmp, ct),
                new PairTruth($"cut-{i + 1}-{source}", "insert-cut", "removed", $"{S(start)}–{S(start + length)} s of {source} cut out ({S(length)} s)",
                    [new TruthRegion(RegionKind.Removed, T(start), T(start + length), T(start), T(start))]));
        }
    }

    private async Task LeaderAsync(Random rng, CancellationToken ct)
    {
        var leaders = new (string Name, string What, string Path, int Length)[]
        {
            ("black", "black and silence", await sources.BlackAsync(ct), Frames(rng, 0.3, 1.9)),
            ("slate", "a slate card with a 1 kHz tone", await sources.SlateAsync(ct), Frames(rng, 1.2, 4.6)),
        };
        for (var i = 0; i < leaders.Length; i++)
        {
            var (name, what, leader, length) = leaders[i];
            var source = pool.Synthetic[(i + 1) % 4];
            var a = await sources.GetAsync(source, ct);
            await writer.PairAsync($"leader-{name}-{source}", a,
                tmp => Media.SpliceAsync([a, leader], [(1, 0, length), (0, 0, End)], tmp, ct),
                new PairTruth($"leader-{name}-{source}", "leader", "leader", $"{S(length)} s of {what} before {source}",
                    [new TruthRegion(RegionKind.Inserted, 0, 0, 0, T(length))]));
        }
    }

    private async Task ShortAsync(Random rng, CancellationToken ct)
    {
        for (var i = 0; i < 2; i++)
        {
            var source = pool.Synthetic[(i + 3) % 4];
            int start = Frames(rng, 4, 24), length = Frames(rng, 0.5, 1.5);
            var a = await sources.GetAsync(source, ct);
            var filter = Media.Super("NOW 19.99", start, start + length, 40, "x=(w-text_w)/2:y=(h-text_h)/2");
            await writer.PairAsync($"short-super-{i + 1}-{source}", a, tmp => Media.FilterAsync(a, filter, tmp, ct),
                new PairTruth($"short-super-{i + 1}-{source}", "short", "super", $"a 'NOW 19.99' price super over {source} for {S(start)}–{S(start + length)} s ({S(length)} s)",
                    [new TruthRegion(RegionKind.Changed, T(start), T(start + length), T(start), T(start + length), TruthDifference.Picture)]));
        }

        for (var i = 0; i < 2; i++)
        {
            var (source, material) = (pool.Synthetic[(i + 2) % 4], pool.Synthetic[i]);
            int at = Frames(rng, 5, 24), length = Frames(rng, 0.5, 1.5), from = Frames(rng, 2, 25);
            var a = await sources.GetAsync(source, ct);
            var m = await sources.GetAsync(material, ct);
            await writer.PairAsync($"short-insert-{i + 1}-{source}", a,
                tmp => Media.SpliceAsync([a, m], [(0, 0, at), (1, from, from + length), (0, at, End)], tmp, ct),
                new PairTruth($"short-insert-{i + 1}-{source}", "short", "inserted", $"a {S(length)} s shot of {material} inserted into {source} at {S(at)} s",
                    [new TruthRegion(RegionKind.Inserted, T(at), T(at), T(at), T(at + length))]));
        }
    }

    private async Task RealAsync(Random rng, CancellationToken ct)
    {
        int logoAt = Frames(rng, 3, 18), logoLength = Frames(rng, 3, 8);
        int superAt = Frames(rng, 3, 22), superLength = Frames(rng, 2, 5);
        int greyAt = Frames(rng, 3, 20), greyLength = Frames(rng, 2, 6);
        int insertAt = Frames(rng, 5, 22), insertLength = Frames(rng, 1.5, 4.5);
        int cutAt = Frames(rng, 5, 22), cutLength = Frames(rng, 1.5, 5);
        var a = await real.GetAsync(pool.Street, ct);
        var m = await real.GetAsync(pool.Object, ct);
        if (a is null || m is null)
        {
            return;
        }

        var logo = Path.Combine(splitFolder, "_logo.png");
        var logoText = Media.Font is { } font ? $",drawtext=fontfile={font}:text='SAGE':fontsize=22:fontcolor=white:x=(w-text_w)/2:y=(h-text_h)/2" : "";
        await Media.CreateOnceAsync(logo, tmp => Ffmpeg.RunAsync(
            ["-f", "lavfi", "-i", "color=c=0xD04010:size=90x68,drawbox=x=0:y=0:w=90:h=68:color=white:t=3" + logoText, "-frames:v", "1", tmp], ct));
        var street = pool.Street;
        await writer.PairAsync($"real-logo-{street}", a,
            tmp => Ffmpeg.RunAsync(
                ["-i", a, "-i", logo, "-filter_complex", $"[0:v][1:v]overlay=W-w-8:8:enable='between(n,{logoAt},{logoAt + logoLength - 1})'[v]",
                    "-map", "[v]", "-map", "0:a", .. Media.Encode, tmp], ct),
            new PairTruth($"real-logo-{street}", "real", "logo", $"a corner logo (90x68, 8% of the frame) over the {street} footage for {S(logoAt)}–{S(logoAt + logoLength)} s",
                [Changed(logoAt, logoLength, TruthDifference.Picture)]));
        var super = Media.Super("LIVE  CITY CENTRE", superAt, superAt + superLength, 26, "x=(w-text_w)/2:y=h-text_h-30");
        await writer.PairAsync($"real-super-{street}", a, tmp => Media.FilterAsync(a, super, tmp, ct),
            new PairTruth($"real-super-{street}", "real", "super", $"a lower-third super over the {street} footage for {S(superAt)}–{S(superAt + superLength)} s",
                [Changed(superAt, superLength, TruthDifference.Picture)]));
        await writer.PairAsync($"real-grey-{street}", a,
            tmp => Media.FilterAsync(a, $"hue=s=0:enable='between(n,{greyAt},{greyAt + greyLength - 1})'", tmp, ct),
            new PairTruth($"real-grey-{street}", "real", "greyscale", $"the {street} footage in greyscale for {S(greyAt)}–{S(greyAt + greyLength)} s",
                [Changed(greyAt, greyLength, TruthDifference.Picture)]));
        var from = Math.Min(Frames(rng, 0.5, 3), RealFootage.FramesOf(pool.Object) - insertLength);
        await writer.PairAsync($"real-insert-{street}", a,
            tmp => Media.SpliceAsync([a, m], [(0, 0, insertAt), (1, from, from + insertLength), (0, insertAt, End)], tmp, ct),
            new PairTruth($"real-insert-{street}", "real", "inserted", $"{S(insertLength)} s of the {pool.Object} footage inserted into the {street} footage at {S(insertAt)} s",
                [new TruthRegion(RegionKind.Inserted, T(insertAt), T(insertAt), T(insertAt), T(insertAt + insertLength))]));
        await writer.PairAsync($"real-cut-{street}", a,
            tmp => Media.SpliceAsync([a], [(0, 0, cutAt), (0, cutAt + cutLength, End)], tmp, ct),
            new PairTruth($"real-cut-{street}", "real", "removed", $"{S(cutAt)}–{S(cutAt + cutLength)} s of the {street} footage cut out",
                [new TruthRegion(RegionKind.Removed, T(cutAt), T(cutAt + cutLength), T(cutAt), T(cutAt))]));
    }

    private static TruthRegion Changed(int start, int length, TruthDifference what) =>
        new(RegionKind.Changed, T(start), T(start + length), T(start), T(start + length), what);

    /// <summary>
    /// A program with a music bed and voice lines every 4.2 s (voice at about −12 dBFS peak so +6 dB does not clip);
    /// its B versions change the sound only, on sample numbers of frame boundaries; the picture is stream-copied.
    /// </summary>
    private async Task SoundAsync(Random rng, CancellationToken ct)
    {
        var realPicture = pool.SoundPicture is { } realName ? await real.GetAsync(realName, ct) : null;
        var (picture, pictureName, frames) = realPicture is not null
            ? (realPicture, pool.SoundPicture!, RealFootage.FramesOf(pool.SoundPicture!))
            : (await sources.GetAsync(pool.SoundFallback, ct), pool.SoundFallback, End);
        var samples = frames * Media.SamplesPerFrame;
        var folder = Path.Combine(splitFolder, "_sound");
        Directory.CreateDirectory(folder);
        const int Lines = 7;
        var slot = (int)(4.2 * Media.SampleRate);
        var lineStart = (int)(0.5 * Media.SampleRate);
        var lines = new List<string>();
        for (var n = 0; n < SpeechLines.Count; n++)
        {
            lines.Add(await speech.GetAsync(n, ct));
        }

        var linesInA = Enumerable.Range(0, Math.Min(Lines, ((samples - lineStart) / slot) + 1)).ToList();

        // The voice of A: line k at 0.5 + 4.2·k s, each at most 4 s.
        var voiceA = Path.Combine(folder, "voice-a.wav");
        await Media.CreateOnceAsync(voiceA, tmp =>
        {
            var graph = string.Concat(linesInA.Select(j => FormattableString.Invariant(
                $"[{j}:a]atrim=end_sample={4 * Media.SampleRate},volume=0.3,adelay=delays={lineStart + (j * slot)}S:all=1[l{j}];")));
            graph += string.Concat(linesInA.Select(j => $"[l{j}]")) + FormattableString.Invariant(
                $"amix=inputs={linesInA.Count}:normalize=0:duration=longest,apad=whole_len={samples},atrim=end_sample={samples}[v]");
            return Ffmpeg.RunAsync([.. linesInA.SelectMany(j => new[] { "-i", lines[j] }), "-filter_complex", graph, "-map", "[v]", "-c:a", "pcm_s16le", tmp], ct);
        });
        var music1 = await MusicAsync(folder, "music-1", "(0.05*sin(2*PI*220*t)+0.04*sin(2*PI*277.18*t)+0.04*sin(2*PI*329.63*t))*(0.7+0.3*sin(2*PI*2*t))+0.08*exp(-20*mod(t,0.5))*sin(2*PI*60*t)", samples, ct);
        var music2 = await MusicAsync(folder, "music-2", "(0.05*sin(2*PI*196*t)+0.04*sin(2*PI*246.94*t)+0.04*sin(2*PI*392*t))*(0.7+0.3*sin(2*PI*3*t))+0.04*exp(-30*mod(t+0.25,0.5))*sin(2*PI*3000*t)", samples, ct);
        var mixA = await MixAsync(folder, "mix-a", music1, voiceA, ct);
        var a = Path.Combine(folder, "a.mp4");
        await Media.CreateOnceAsync(a, tmp => Media.WithSoundAsync(picture, mixA, tmp, ct));

        // Voice swap: 1.5–3 s inside line k spoken as the spare line instead.
        var k = 1 + rng.Next(linesInA.Count - 2);
        var swapAt = Frames(rng, 0.6, 1.2) + ((lineStart + (k * slot)) / Media.SamplesPerFrame);
        var swapLength = Frames(rng, 1.5, 3);
        var spare = lines[SpeechLines.Count - 1];
        var voiceB = Path.Combine(folder, "voice-b.wav");
        await Media.CreateOnceAsync(voiceB, tmp => SpanAsync(voiceA, spare, swapAt, swapLength, tmp, ct, replacementFromStart: true));
        var mixSwapped = await MixAsync(folder, "mix-voice", music1, voiceB, ct);
        await SoundPairAsync("sound-voice", a, picture, mixSwapped, "voice line",
            $"{S(swapLength)} s of voice line {k + 1} spoken as another line ({SpeechLines.Voice}) at {S(swapAt)} s over the same music", swapAt, swapLength, ct);

        var muteAt = Frames(rng, 3, 25);
        var muteLength = Frames(rng, 0.8, 1.3);
        var silence = Path.Combine(folder, "silence.wav");
        await Media.CreateOnceAsync(silence, tmp => Ffmpeg.RunAsync(
            ["-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono", "-t", Media.Seconds(Media.Time(frames)), "-c:a", "pcm_s16le", tmp], ct));
        var muted = Path.Combine(folder, "mix-muted.wav");
        await Media.CreateOnceAsync(muted, tmp => SpanAsync(mixA, silence, muteAt, muteLength, tmp, ct));
        await SoundPairAsync("sound-mute", a, picture, muted, "mute", $"the sound muted for {S(muteAt)}–{S(muteAt + muteLength)} s", muteAt, muteLength, ct);

        var musicAt = Frames(rng, 3, 20);
        var musicLength = Frames(rng, 3, 7);
        var mixOtherMusic = await MixAsync(folder, "mix-music-2", music2, voiceA, ct);
        var swapped = Path.Combine(folder, "mix-music.wav");
        await Media.CreateOnceAsync(swapped, tmp => SpanAsync(mixA, mixOtherMusic, musicAt, musicLength, tmp, ct));
        await SoundPairAsync("sound-music", a, picture, swapped, "music swap",
            $"another music bed under the same voice for {S(musicAt)}–{S(musicAt + musicLength)} s", musicAt, musicLength, ct);

        var levelAt = Frames(rng, 3, 20);
        var levelLength = Frames(rng, 3, 7);
        var decibels = rng.Next(2) == 0 ? -(6 + (3 * rng.NextDouble())) : 6 + rng.NextDouble();
        var dB = decibels.ToString("+0.0;-0.0", CultureInfo.InvariantCulture);
        var louder = Path.Combine(folder, "mix-level-whole.wav");
        await Media.CreateOnceAsync(louder, tmp => Ffmpeg.RunAsync(["-i", mixA, "-af", $"volume={dB}dB", "-c:a", "pcm_s16le", tmp], ct));
        var level = Path.Combine(folder, "mix-level.wav");
        await Media.CreateOnceAsync(level, tmp => SpanAsync(mixA, louder, levelAt, levelLength, tmp, ct));
        await SoundPairAsync("sound-level", a, picture, level, "level",
            $"the sound {dB} dB for {S(levelAt)}–{S(levelAt + levelLength)} s", levelAt, levelLength, ct);

        async Task SoundPairAsync(string name, string a, string picture, string sound, string edit, string what, int start, int length, CancellationToken ct) =>
            await writer.PairAsync($"{name}-{pictureName}", a, tmp => Media.WithSoundAsync(picture, sound, tmp, ct),
                new PairTruth($"{name}-{pictureName}", "sound", edit, $"{what}; picture ({pictureName}) stream-copied",
                    [Changed(start, length, TruthDifference.Sound)]));
    }

    private static async Task<string> MusicAsync(string folder, string name, string expression, int samples, CancellationToken ct)
    {
        var path = Path.Combine(folder, name + ".wav");
        await Media.CreateOnceAsync(path, tmp => Ffmpeg.RunAsync(
            ["-f", "lavfi", "-i", $"aevalsrc='{expression}':s=48000", "-af", FormattableString.Invariant($"atrim=end_sample={samples}"), "-c:a", "pcm_s16le", tmp], ct));
        return path;
    }

    private static async Task<string> MixAsync(string folder, string name, string music, string voice, CancellationToken ct)
    {
        var path = Path.Combine(folder, name + ".wav");
        await Media.CreateOnceAsync(path, tmp => Ffmpeg.RunAsync(
            ["-i", music, "-i", voice, "-filter_complex", "[0:a][1:a]amix=inputs=2:normalize=0:duration=first[a]", "-map", "[a]", "-c:a", "pcm_s16le", tmp], ct));
        return path;
    }

    /// <summary>
    /// <paramref name="whole"/> with frames [start, start + length) of sound taken from <paramref name="replacement"/>
    /// (the same span of it, or its beginning), cut on sample numbers.
    /// </summary>
    private static Task SpanAsync(string whole, string replacement, int start, int length, string output, CancellationToken ct, bool replacementFromStart = false)
    {
        int s0 = start * Media.SamplesPerFrame, s1 = (start + length) * Media.SamplesPerFrame;
        var (r0, r1) = replacementFromStart ? (0, s1 - s0) : (s0, s1);
        var graph = FormattableString.Invariant(
            $"[0:a]atrim=end_sample={s0},asetpts=PTS-STARTPTS[x];[1:a]atrim=start_sample={r0}:end_sample={r1},asetpts=PTS-STARTPTS[y];[0:a]atrim=start_sample={s1},asetpts=PTS-STARTPTS[z];[x][y][z]concat=n=3:v=0:a=1[a]");
        return Ffmpeg.RunAsync(["-i", whole, "-i", replacement, "-filter_complex", graph, "-map", "[a]", "-c:a", "pcm_s16le", output], ct);
    }

    private async Task MovedAsync(Random rng, CancellationToken ct)
    {
        // Synthetic: four shots S1 S2 S3 S4 from four sources; B is S1 S3 S2 S4 (S2, the shortest, moved past S3).
        int l1 = Frames(rng, 4, 8), l2 = Frames(rng, 2.5, 4.5), l3 = Frames(rng, 8, 12);
        var l4 = End - l1 - l2 - l3;
        var shots = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            shots.Add(await sources.GetAsync(pool.Synthetic[i], ct));
        }

        var program = Path.Combine(splitFolder, "_moved-program.mp4");
        int o1 = 0, o2 = l1, o3 = l1 + l2, o4 = l1 + l2 + l3;
        await Media.CreateOnceAsync(program, tmp => Media.SpliceAsync([.. shots], [(0, o1, o2), (1, o2, o3), (2, o3, o4), (3, o4, End)], tmp, ct));
        await writer.PairAsync("moved-shot-synthetic", program,
            tmp => Media.SpliceAsync([.. shots], [(0, o1, o2), (2, o3, o4), (1, o2, o3), (3, o4, End)], tmp, ct),
            new PairTruth("moved-shot-synthetic", "moved", "moved",
                $"four shots ({string.Join(", ", pool.Synthetic.Zip([l1, l2, l3, l4], (n, l) => $"{n} {S(l)} s"))}); the {S(l2)} s second shot moved after the third",
                [new TruthRegion(RegionKind.Moved, T(o2), T(o3), T(l1 + l3), T(l1 + l3 + l2))]));

        // Real: street X, object Y, street Z (continuing X); B is X Z Y.
        int x = Frames(rng, 5, 9), y = Frames(rng, 2.5, 4.5);
        var street = await real.GetAsync(pool.Street, ct);
        var thing = await real.GetAsync(pool.Object, ct);
        if (street is null || thing is null)
        {
            return;
        }

        var z = End - x - y;
        var realProgram = Path.Combine(splitFolder, "_moved-real-program.mp4");
        await Media.CreateOnceAsync(realProgram, tmp => Media.SpliceAsync([street, thing], [(0, 0, x), (1, 0, y), (0, x, x + z)], tmp, ct));
        await writer.PairAsync($"moved-shot-{pool.Street}", realProgram,
            tmp => Media.SpliceAsync([street, thing], [(0, 0, x), (0, x, x + z), (1, 0, y)], tmp, ct),
            new PairTruth($"moved-shot-{pool.Street}", "moved", "moved",
                $"{pool.Street} {S(x)} s, {pool.Object} {S(y)} s, {pool.Street} {S(z)} s; the {pool.Object} shot moved to the end",
                [new TruthRegion(RegionKind.Moved, T(x), T(x + y), T(x + z), T(x + z + y))]));
    }

    private async Task FrameRateAsync(Random rng, CancellationToken ct)
    {
        var rates = new (string Name, string Filter, double Rate)[] { ("29.97", "fps=30000/1001", 30000 / 1001.0), ("23.976", "fps=24000/1001", 24000 / 1001.0) };
        for (var i = 0; i < rates.Length; i++)
        {
            var (rateName, filter, rate) = rates[i];
            var (source, material) = (pool.Synthetic[(i + 1) % 4], pool.Synthetic[(i + 3) % 4]);
            int at = Frames(rng, 6, 20), length = Frames(rng, 1.5, 4.5), from = Frames(rng, 2, 20);
            var a = await sources.GetAsync(source, ct);
            var m = await sources.GetAsync(material, ct);
            double OnB(int frames) => Math.Round(T(frames) * rate) / rate;
            await writer.PairAsync($"fps-{rateName}-insert-{source}", a,
                tmp => Media.SpliceAsync([a, m], [(0, 0, at), (1, from, from + length), (0, at, End)], tmp, ct, filter),
                new PairTruth($"fps-{rateName}-insert-{source}", "fps-edit", "inserted",
                    $"B at {rateName} fps (A 25) with {S(length)} s of {material} inserted at {S(at)} s",
                    [new TruthRegion(RegionKind.Inserted, T(at), T(at), OnB(at), OnB(at + length))]));
        }
    }

    private async Task TrimAsync(Random rng, CancellationToken ct)
    {
        for (var i = 0; i < 2; i++)
        {
            var source = pool.Synthetic[(i + 2) % 4];
            var keep = Frames(rng, 18, 28.5);
            var a = await sources.GetAsync(source, ct);
            await writer.PairAsync($"trim-end-{i + 1}-{source}", a,
                tmp => Media.SpliceAsync([a], [(0, 0, keep)], tmp, ct),
                new PairTruth($"trim-end-{i + 1}-{source}", "trim", "removed", $"{source} ends at {S(keep)} s (the last {S(End - keep)} s trimmed)",
                    [new TruthRegion(RegionKind.Removed, T(keep), SyntheticSources.Duration, T(keep), T(keep))]));
        }
    }

    private async Task ControlAsync(CancellationToken ct)
    {
        var street = await real.GetAsync(pool.Street, ct);
        var lowSource = street ?? await sources.GetAsync(pool.Synthetic[0], ct);
        var lowName = street is null ? pool.Synthetic[0] : pool.Street;
        await Control($"control-bitrate-{lowName}", lowSource, "re-encoded at 60 kb/s video, 24 kb/s sound",
            ["-c:v", "libx264", "-preset", "veryfast", "-b:v", "60k", "-maxrate", "60k", "-bufsize", "120k", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "24k"]);
        var wide = await sources.GetAsync(pool.Synthetic[1], ct, "640x360");
        await Control($"control-resize-{pool.Synthetic[1]}", wide, "at 640x360 scaled to 320x180", ["-vf", "scale=320:180", .. Media.Encode]);
        var slow = await sources.GetAsync(pool.Synthetic[2], ct);
        await Control($"control-fps-23.976-{pool.Synthetic[2]}", slow, "converted from 25 to 23.976 fps", ["-vf", "fps=24000/1001", .. Media.Encode]);
        var fast = await sources.GetAsync(pool.Synthetic[3], ct);
        await Control($"control-fps-29.97-{pool.Synthetic[3]}", fast, "converted from 25 to 29.97 fps", ["-vf", "fps=30000/1001", .. Media.Encode]);
        var hevcReal = pool.SoundPicture is { } other ? await real.GetAsync(other, ct) : null;
        var (hevcSource, hevcName) = hevcReal is not null
            ? (hevcReal, pool.SoundPicture!)
            : (await sources.GetAsync(pool.Synthetic[0], ct), pool.Synthetic[0]);
        await Control($"control-hevc-mkv-{hevcName}", hevcSource, "as HEVC (libx265 CRF 28) + Opus 48 kb/s in Matroska",
            ["-c:v", "libx265", "-preset", "fast", "-crf", "28", "-x265-params", "log-level=error", "-pix_fmt", "yuv420p", "-c:a", "libopus", "-b:a", "48k"], ".mkv");

        async Task Control(string name, string a, string what, string[] encode, string extension = ".mp4") =>
            await writer.PairAsync(name, a, tmp => Ffmpeg.RunAsync(["-i", a, .. encode, tmp], ct),
                new PairTruth(name, "control", "control", $"{Path.GetFileNameWithoutExtension(a)} {what}; no difference expected", []), extension);
    }
}

/// <summary>Which sources a split draws from: four synthetic sources, a street clip, an object clip, the sound program's picture.</summary>
internal sealed record SplitSources(string[] Synthetic, string Street, string Object, string? SoundPicture, string SoundFallback)
{
    public static SplitSources Dev { get; } = new(["testsrc2", "mandelbrot", "life", "cellauto"], "street-a", "box", null, "mandelbrot");

    public static SplitSources Test { get; } = new(["gradients", "geq", "smptehdbars", "noise"], "street-b", "cup", "tree", "gradients");
}
