using System.Diagnostics;

namespace Sage.Bench.Evaluation;

/// <summary>Runs ffmpeg with an argument list (no shell quoting), reading stderr so the pipe never fills.</summary>
internal static class Ffmpeg
{
    public static async Task RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-nostdin", "-hide_banner", "-loglevel", "error", "-y", .. arguments])
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("ffmpeg did not start.");
        try
        {
            var stderr = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"ffmpeg {string.Join(' ', startInfo.ArgumentList)} failed ({process.ExitCode}): {stderr}");
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
