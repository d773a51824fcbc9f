using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Sage.Media;

/// <summary>
/// A running ffmpeg whose stdout the caller reads incrementally. Read <see cref="Output"/> to its
/// end, then call <see cref="WaitForSuccessAsync"/> to learn whether the tool succeeded. Always
/// dispose it: disposal kills the process tree if the tool is still running and waits for it to exit.
/// </summary>
public sealed class StreamingMediaProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _name;
    private readonly ILogger _logger;
    private readonly StderrTail _tail = new();
    private readonly Task _errorPump;
    private readonly CancellationTokenRegistration _cancellation;
    private readonly CancellationToken _cancellationToken;
    private int _disposed;

    internal StreamingMediaProcess(Process process, string name, ILogger logger, CancellationToken cancellationToken)
    {
        _process = process;
        _name = name;
        _logger = logger;
        _cancellationToken = cancellationToken;
        _errorPump = _tail.PumpAsync(process.StandardError);
        _cancellation = cancellationToken.Register(static state => MediaProcessRunner.KillTree((Process)state!), process);
    }

    /// <summary>The tool's stdout. It ends when the tool exits or is killed.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>The last lines the tool wrote to stderr so far.</summary>
    public string ErrorTail => _tail.ToString();

    /// <summary>
    /// Waits for the tool to exit. Throws <see cref="OperationCanceledException"/> if the start token
    /// or <paramref name="cancellationToken"/> was cancelled (the process is killed), and
    /// <see cref="MediaToolException"/> with the stderr tail on a non-zero exit.
    /// </summary>
    public async Task WaitForSuccessAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await MediaProcessRunner.KillAndReapAsync(_process).ConfigureAwait(false);
            throw;
        }

        await _errorPump.ConfigureAwait(false);
        _cancellationToken.ThrowIfCancellationRequested();
        if (_process.ExitCode != 0)
        {
            var errorTail = _tail.ToString();
            MediaLog.ToolFailed(_logger, _name, _process.ExitCode, errorTail);
            throw MediaProcessRunner.NonZeroExit(_name, _process.ExitCode, errorTail);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _cancellation.DisposeAsync().ConfigureAwait(false);
        if (!_process.HasExited)
        {
            if (_cancellationToken.IsCancellationRequested)
            {
                MediaLog.ToolCancelled(_logger, _name);
            }

            await MediaProcessRunner.KillAndReapAsync(_process).ConfigureAwait(false);
        }

        await _errorPump.ConfigureAwait(false);
        _process.Dispose();
    }
}
