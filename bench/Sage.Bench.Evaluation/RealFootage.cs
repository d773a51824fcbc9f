using System.Diagnostics;

namespace Sage.Bench.Evaluation;

/// <summary>
/// Real camera clips from Debian's opencv-doc package (a street scene, a tree, a box and a cup handled on a desk),
/// fetched with <c>apt-get download</c> and unpacked with <c>dpkg -x</c> into <c>&lt;root&gt;/_real/</c>, then
/// converted to the set's format (320x240, 25 fps constant, with an ambient sound bed of their own since most have
/// none). Without apt or dpkg the categories that need them are skipped, saying why.
/// </summary>
internal sealed class RealFootage(string folder)
{
    private const string Package = "opencv-doc";

    /// <summary>Clip name → (file inside the package, start second, frames at 25 fps, sound bed seed).</summary>
    private static readonly Dictionary<string, (string File, double Start, int Frames, int Seed)> Clips = new(StringComparer.Ordinal)
    {
        ["street-a"] = ("usr/share/doc/opencv-doc/examples/data/vtest.avi", 0, 750, 21),
        ["street-b"] = ("usr/share/doc/opencv-doc/examples/data/vtest.avi", 45, 750, 22),
        ["tree"] = ("usr/share/doc/opencv-doc/examples/data/tree.avi", 0, 725, 23),
        ["box"] = ("usr/share/doc/opencv-doc/opencv4/html/box.mp4.gz", 0, 375, 24),
        ["cup"] = ("usr/share/doc/opencv-doc/opencv4/html/cup.mp4.gz", 0, 200, 25),
    };

    private string? unavailable;
    private bool unpacked;

    /// <summary>Why real footage cannot be had; <see langword="null"/> while it can.</summary>
    public string? Unavailable => unavailable;

    public static int FramesOf(string name) => Clips[name].Frames;

    /// <summary>The converted clip, or <see langword="null"/> when the package cannot be had (see <see cref="Unavailable"/>).</summary>
    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var (file, start, frames, seed) = Clips[name];
        var path = Path.Combine(folder, name + ".mp4");
        if (File.Exists(path))
        {
            return path;
        }

        if (!await UnpackAsync(cancellationToken))
        {
            return null;
        }

        var source = Path.Combine(folder, "package", file);
        if (source.EndsWith(".gz", StringComparison.Ordinal))
        {
            var plain = source[..^3];
            if (!File.Exists(plain))
            {
                await using var gz = new System.IO.Compression.GZipStream(File.OpenRead(source), System.IO.Compression.CompressionMode.Decompress);
                await using var output = File.Create(plain);
                await gz.CopyToAsync(output, cancellationToken);
            }

            source = plain;
        }

        var seconds = Media.Seconds(Media.Time(frames));
        await Media.CreateOnceAsync(path, tmp => Ffmpeg.RunAsync(
            [
                "-ss", Media.Seconds(start), "-i", source,
                "-f", "lavfi", "-i", $"anoisesrc=color=brown:amplitude=0.12:sample_rate=48000:seed={seed},lowpass=f=600",
                "-filter_complex", $"[0:v]fps=25,scale=320:240,setsar=1,format=yuv420p,trim=end_frame={frames}[v]",
                "-map", "[v]", "-map", "1:a", "-t", seconds, .. Media.Encode, tmp,
            ],
            cancellationToken));
        return path;
    }

    private async Task<bool> UnpackAsync(CancellationToken cancellationToken)
    {
        if (unpacked || unavailable is not null)
        {
            return unpacked;
        }

        var packageFolder = Path.Combine(folder, "package");
        if (Directory.Exists(Path.Combine(packageFolder, "usr")))
        {
            return unpacked = true;
        }

        Directory.CreateDirectory(folder);
        Console.WriteLine($"Fetching real camera footage: apt-get download {Package} (about 96 MB) ...");
        try
        {
            if (!Directory.EnumerateFiles(folder, Package + "_*.deb").Any())
            {
                await RunAsync("apt-get", folder, ["download", Package], cancellationToken);
            }

            var deb = Directory.EnumerateFiles(folder, Package + "_*.deb").First();
            await RunAsync("dpkg", folder, ["-x", deb, packageFolder], cancellationToken);
            return unpacked = true;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            unavailable = $"{Package} could not be fetched ({e.Message.Split('\n')[0]})";
            Console.WriteLine($"Skipping the real-footage pairs: {unavailable}.");
            return false;
        }
    }

    private static async Task RunAsync(string program, string workingDirectory, string[] arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{program} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await Task.WhenAll(stdout, stderr);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
        }
    }
}
