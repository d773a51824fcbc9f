using System.Diagnostics;
using System.Globalization;

namespace Sage.Tests.Media;

/// <summary>
/// Real videos made by ffmpeg from lavfi sources, in a temp folder that is deleted afterwards.
/// Compiled into the server and browser test projects (linked from tests/Shared/Media).
/// </summary>
public sealed class TestVideos : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("sage-videos-").FullName;

    /// <summary>testsrc2 picture with a sine tone, H.264 + AAC in MP4.</summary>
    public Task<string> TestPatternAsync(double seconds, string name = "pattern.mp4", int width = 320, int height = 240, bool audio = true) =>
        FfmpegAsync(name,
            ["-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate=25:duration={Format(seconds)}",
             .. audio ? (string[])["-f", "lavfi", "-i", $"sine=frequency=440:duration={Format(seconds)}", "-c:a", "aac", "-shortest"] : [],
             "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]);

    /// <summary>A sine tone alone, in an MP4 container (a valid container with no picture).</summary>
    public Task<string> AudioOnlyAsync(double seconds, string name = "audio-only.mp4") =>
        FfmpegAsync(name, ["-f", "lavfi", "-i", $"sine=frequency=440:duration={Format(seconds)}", "-c:a", "aac"]);

    /// <summary>The first part of a video whose index (moov) is at the end: the container header is right, the file unreadable.</summary>
    public async Task<string> TruncatedAsync(double seconds, string name = "truncated.mp4")
    {
        var whole = await TestPatternAsync(seconds, "whole-" + name);
        var bytes = await File.ReadAllBytesAsync(whole);
        var path = Path.Combine(Directory, name);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 3)]);
        return path;
    }

    public async Task<string> FfmpegAsync(string name, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(Directory, name);
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-nostdin", "-hide_banner", "-loglevel", "error", "-y", .. arguments, path])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ffmpeg failed: {await stderr}");
        return path;
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
