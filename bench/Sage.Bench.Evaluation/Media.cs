using System.Globalization;
using System.Text;

namespace Sage.Bench.Evaluation;

/// <summary>
/// What every generated video shares: 320x240 (unless said), 25 fps, H.264 CRF 20 + AAC 48 kHz mono, and edits cut on
/// frame numbers (sound on the matching sample numbers), so that truth times are exact to the frame.
/// </summary>
internal static class Media
{
    public const int FrameRate = 25;

    public const int SampleRate = 48000;

    public const int SamplesPerFrame = SampleRate / FrameRate;

    public static readonly string[] Encode =
        ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-g", "50", "-c:a", "aac", "-b:a", "96k", "-ar", "48000", "-ac", "1"];

    public static double Time(int frames) => (double)frames / FrameRate;

    public static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Writes through a temporary name so an interrupted run leaves no half file that looks finished.</summary>
    public static async Task CreateOnceAsync(string path, Func<string, Task> create)
    {
        if (File.Exists(path))
        {
            return;
        }

        var tmp = path + ".tmp" + Path.GetExtension(path);
        await create(tmp);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>
    /// Concatenates spans (input, first frame, end frame exclusive) of 25 fps inputs, picture and sound, re-encoded
    /// at 320x240 (or <paramref name="size"/>), then <paramref name="videoAfter"/> (e.g. a frame-rate change) if given.
    /// </summary>
    public static Task SpliceAsync(
        string[] inputs,
        (int Input, int Start, int End)[] spans,
        string output,
        CancellationToken cancellationToken,
        string? videoAfter = null,
        string size = "320:240")
    {
        var graph = new StringBuilder();
        for (var k = 0; k < spans.Length; k++)
        {
            var (input, start, end) = spans[k];
            graph.Append(CultureInfo.InvariantCulture,
                $"[{input}:v]trim=start_frame={start}:end_frame={end},setpts=PTS-STARTPTS,scale={size},setsar=1,format=yuv420p[v{k}];");
            graph.Append(CultureInfo.InvariantCulture,
                $"[{input}:a]aresample={SampleRate},aformat=channel_layouts=mono,atrim=start_sample={start * SamplesPerFrame}:end_sample={end * SamplesPerFrame},asetpts=PTS-STARTPTS[a{k}];");
        }

        for (var k = 0; k < spans.Length; k++)
        {
            graph.Append(CultureInfo.InvariantCulture, $"[v{k}][a{k}]");
        }

        graph.Append(CultureInfo.InvariantCulture, $"concat=n={spans.Length}:v=1:a=1[vc][a];[vc]{videoAfter ?? "null"}[v]");
        var arguments = inputs.SelectMany(i => new[] { "-i", i }).Concat(["-filter_complex", graph.ToString(), "-map", "[v]", "-map", "[a]", .. Encode, output]);
        return Ffmpeg.RunAsync(arguments, cancellationToken);
    }

    /// <summary>Re-encodes <paramref name="input"/> with a video filter (its sound re-encoded as well).</summary>
    public static Task FilterAsync(string input, string videoFilter, string output, CancellationToken cancellationToken) =>
        Ffmpeg.RunAsync(["-i", input, "-vf", videoFilter, .. Encode, output], cancellationToken);

    /// <summary>Keeps <paramref name="input"/>'s picture bit for bit and replaces its sound with <paramref name="sound"/> (a WAV).</summary>
    public static Task WithSoundAsync(string input, string sound, string output, CancellationToken cancellationToken, string? audioFilter = null) =>
        Ffmpeg.RunAsync(
            ["-i", input, "-i", sound, "-map", "0:v", "-map", "1:a", "-c:v", "copy", .. audioFilter is null ? [] : new[] { "-af", audioFilter },
                "-c:a", "aac", "-b:a", "96k", "-ar", "48000", "-ac", "1", output],
            cancellationToken);

    private static readonly string[] FontCandidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ];

    /// <summary>A font for drawtext; <see langword="null"/> when none is installed (drawbox stands in).</summary>
    public static string? Font { get; } = FontCandidates.FirstOrDefault(File.Exists);

    /// <summary>A drawtext super (or, without a font, a box where it would be) shown on frames [start, end).</summary>
    public static string Super(string text, int start, int end, int fontSize, string position) => Font is not null
        ? $"drawtext=fontfile={Font}:text='{text}':fontsize={fontSize}:fontcolor=yellow:box=1:boxcolor=black@0.7:boxborderw=8:{position}:enable='between(n,{start},{end - 1})'"
        : $"drawbox=x=iw/4:y=ih*2/3:w=iw/2:h=ih/6:color=black@0.8:t=fill:enable='between(n,{start},{end - 1})'";
}
