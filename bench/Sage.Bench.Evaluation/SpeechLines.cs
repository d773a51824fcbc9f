using System.Diagnostics;

namespace Sage.Bench.Evaluation;

/// <summary>
/// Voice lines for the sound pairs, as 48 kHz mono WAVs starting on the voice: spoken by espeak-ng (Debian's
/// <c>espeak-ng</c>) when it is installed, otherwise a synthetic speech-like signal (a buzz at a gliding pitch through
/// three moving formants, gated at a syllable rate) that differs per line.
/// </summary>
internal sealed class SpeechLines(string folder)
{
    /// <summary>Every line lasts at least this long once its leading silence is gone, so any 1.5–3 s cut of it is all voice.</summary>
    public const double MinimumSeconds = 3.2;

    private static readonly string[] Texts =
    [
        "The new model ships in March with a larger screen and a better battery.",
        "Our stores open early on Saturday so bring the whole family along with you.",
        "Every order placed before midnight arrives the next morning at no extra cost.",
        "Call now and ask for the spring offer on all garden furniture and lighting.",
        "Prices start at nineteen ninety nine for members who sign up online today.",
        "Visit the website to find the branch nearest to you and book a free fitting.",
        "This weekend only, every second item is half price across the whole store.",
        "Tickets for the summer tour go on sale this Friday morning at nine o clock.",
    ];

    public static int Count => Texts.Length;

    /// <summary>espeak-ng, or the synthetic stand-in: said in the report.</summary>
    public static string Voice { get; } = OnPath("espeak-ng") ? "espeak-ng (Debian)" : "synthetic formant signals (espeak-ng not installed)";

    private static bool UseEspeak => Voice.StartsWith("espeak", StringComparison.Ordinal);

    /// <summary>Line <paramref name="index"/> as a WAV of at least <see cref="MinimumSeconds"/>.</summary>
    public async Task<string> GetAsync(int index, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"line{index}.{(UseEspeak ? "espeak" : "formant")}.wav");
        if (UseEspeak)
        {
            var raw = Path.Combine(folder, $"line{index}.raw.wav");
            if (!File.Exists(raw))
            {
                await EspeakAsync(Texts[index], raw, cancellationToken);
            }

            await Media.CreateOnceAsync(path, tmp => Ffmpeg.RunAsync(
                ["-i", raw, "-af", "aresample=48000,aformat=channel_layouts=mono,silenceremove=start_periods=1:start_threshold=-45dB,apad=whole_dur=4", "-c:a", "pcm_s16le", tmp],
                cancellationToken));
            return path;
        }

        var s = index + 1;
        var expression = FormattableString.Invariant(
            $"0.35*pow(0.5+0.5*sin(2*PI*{3.5 + (0.3 * s)}*t+{s}),2)*(0.6+0.4*sin(2*PI*{110 + (9 * s)}*(1+0.1*sin(2*PI*0.7*t))*t))*(0.5*sin(2*PI*({450 + (40 * s)}+200*sin(2*PI*1.3*t+{s}))*t)+0.3*sin(2*PI*({1400 + (70 * s)}+300*sin(2*PI*0.9*t+{2 * s}))*t)+0.2*sin(2*PI*{2400 + (50 * s)}*t))");
        await Media.CreateOnceAsync(path, tmp => Ffmpeg.RunAsync(
            ["-f", "lavfi", "-i", $"aevalsrc='{expression}':s=48000:d=4", "-c:a", "pcm_s16le", tmp], cancellationToken));
        return path;
    }

    private static async Task EspeakAsync(string text, string output, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("espeak-ng") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-v", "en", "-s", "160", "-w", output, text])
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("espeak-ng did not start.");
        var stderr = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"espeak-ng failed ({process.ExitCode}): {stderr}");
        }
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, program)));
}
