using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sage.Media;

/// <summary>
/// Runs ffmpeg and ffprobe. Arguments go through <see cref="ProcessStartInfo.ArgumentList"/> (no
/// quoting bugs, no shell); stdout and stderr are read at the same time, because reading one after
/// the other deadlocks once the unread pipe fills; stderr is kept as a bounded tail for error
/// messages. A timeout or a cancellation kills the whole process tree and waits for it to exit,
/// so no ffmpeg outlives the call.
/// </summary>
public sealed class MediaProcessRunner
{
    /// <summary>Default cap on captured stdout (ffprobe JSON, one JPEG thumbnail).</summary>
    public const int DefaultMaxOutputBytes = 16 * 1024 * 1024;

    private readonly MediaOptions _options;
    private readonly ILogger<MediaProcessRunner> _logger;

    public MediaProcessRunner(IOptions<MediaOptions> options, ILogger<MediaProcessRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
    }

    public static string NameOf(MediaTool tool) => tool == MediaTool.Ffprobe ? "ffprobe" : "ffmpeg";

    public string PathOf(MediaTool tool) => tool == MediaTool.Ffprobe ? _options.FfprobePath : _options.FfmpegPath;

    /// <summary>
    /// Runs the tool to completion and returns its stdout.
    /// Throws <see cref="MediaToolException"/> on a non-zero exit (message carries the stderr tail)
    /// or when stdout exceeds <paramref name="maxOutputBytes"/>, <see cref="MediaToolTimeoutException"/>
    /// when <paramref name="timeout"/> passes, and <see cref="OperationCanceledException"/> on
    /// cancellation; in the last three cases the process tree has been killed and reaped.
    /// </summary>
    public async Task<MediaProcessResult> RunAsync(
        MediaTool tool,
        IReadOnlyList<string> arguments,
        TimeSpan? timeout,
        int maxOutputBytes,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxOutputBytes);
        cancellationToken.ThrowIfCancellationRequested();
        var name = NameOf(tool);
        using var process = StartProcess(tool, arguments);
        var tail = new StderrTail();
        var errorPump = tail.PumpAsync(process.StandardError);
        var output = new MemoryStream();
        var outputPump = CopyBoundedAsync(process, output, maxOutputBytes);

        using var timeoutSource = timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await KillAndReapAsync(process).ConfigureAwait(false);
            await DrainAsync(outputPump, errorPump).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                MediaLog.ToolCancelled(_logger, name);
                throw new OperationCanceledException($"{name} was cancelled", cancellationToken);
            }

            MediaLog.ToolTimedOut(_logger, name, timeout!.Value.TotalSeconds);
            throw new MediaToolTimeoutException(name, timeout.Value, tail.ToString());
        }

        var overflowed = await outputPump.ConfigureAwait(false);
        await errorPump.ConfigureAwait(false);
        var errorTail = tail.ToString();
        if (overflowed)
        {
            throw new MediaToolException(name, null, errorTail, $"{name} wrote more than {maxOutputBytes} bytes to stdout and was killed");
        }

        if (process.ExitCode != 0)
        {
            MediaLog.ToolFailed(_logger, name, process.ExitCode, errorTail);
            throw NonZeroExit(name, process.ExitCode, errorTail);
        }

        return new MediaProcessResult(output.GetBuffer().AsMemory(0, (int)output.Length), errorTail);
    }

    /// <summary>
    /// Starts the tool for a caller that reads its stdout incrementally (raw frames, PCM). Dispose the
    /// returned process: it kills the tree if the tool is still running (the caller stopped early).
    /// Cancelling <paramref name="cancellationToken"/> kills the tree at once; the stdout stream then ends.
    /// </summary>
    public StreamingMediaProcess Start(MediaTool tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var process = StartProcess(tool, arguments);
        return new StreamingMediaProcess(process, NameOf(tool), _logger, cancellationToken);
    }

    internal static MediaToolException NonZeroExit(string name, int exitCode, string errorTail) =>
        new(name, exitCode, errorTail, errorTail.Length == 0
            ? $"{name} exited with code {exitCode}"
            : $"{name} exited with code {exitCode}: {errorTail}");

    internal static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exiting while we killed it.
        }
    }

    internal static async Task KillAndReapAsync(Process process)
    {
        KillTree(process);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private Process StartProcess(MediaTool tool, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var name = NameOf(tool);
        var path = PathOf(tool);
        var startInfo = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        MediaLog.ToolStarting(_logger, name, new ToolArguments(arguments));

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            var setting = tool == MediaTool.Ffprobe ? nameof(MediaOptions.FfprobePath) : nameof(MediaOptions.FfmpegPath);
            throw new MediaToolException(name, null, "",
                $"{name} could not be started from '{path}' ({ex.Message}). Install ffmpeg or set {MediaOptions.SectionName}:{setting}.", ex);
        }

        // The tools never need input; an open stdin would let ffmpeg wait for a keypress.
        process.StandardInput.Close();
        return process;
    }

    /// <summary>Copies stdout into <paramref name="destination"/>; returns true (and kills) past the cap.</summary>
    private static async Task<bool> CopyBoundedAsync(Process process, MemoryStream destination, int maxBytes)
    {
        var source = process.StandardOutput.BaseStream;
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                if (destination.Length + read > maxBytes)
                {
                    KillTree(process);
                    return true;
                }

                destination.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Pipe broken by a kill; the caller reports why.
        }
        catch (ObjectDisposedException)
        {
        }

        return false;
    }

    private static async Task DrainAsync(Task outputPump, Task errorPump)
    {
        try
        {
            await Task.WhenAll(outputPump, errorPump).ConfigureAwait(false);
        }
        catch (IOException)
        {
        }
    }
}
