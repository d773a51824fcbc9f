using System.Diagnostics;

namespace Sage.Embeddings.Tests;

/// <summary>Runs the real ffmpeg to make test media.</summary>
internal static class Ffmpeg
{
    public static async Task RunAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-nostdin", "-hide_banner", "-loglevel", "error", "-y", .. arguments])
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed: {await stderr}");
        }
    }

    /// <summary>Decodes the first frame of <paramref name="path"/> as 224x224 RGB24 (stretched, area scaling like the engine).</summary>
    public static async Task<byte[]> ReadRgb224Async(string path)
    {
        var startInfo = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-nostdin", "-hide_banner", "-loglevel", "error", "-i", path, "-frames:v", "1", "-vf", "scale=224:224:flags=area,format=rgb24", "-f", "rawvideo", "pipe:1"])
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var buffer = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(buffer);
        await process.WaitForExitAsync();
        await stderr;
        Assert.Equal(224 * 224 * 3, buffer.Length);
        return buffer.ToArray();
    }
}
