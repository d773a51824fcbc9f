using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Sage.Server.Tests.Tus;

/// <summary>
/// Runs tests/tus-client/upload.mjs (tus-js-client 4.3.1, pinned) with the system node, and
/// collects the JSON lines it prints: one per PATCH, response, progress step, chunk, and the end.
/// </summary>
public sealed class TusNodeClient : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<JsonElement> _events = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource<JsonElement> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TusNodeClient(Process process) => _process = process;

    public IReadOnlyCollection<JsonElement> Events => _events;

    /// <summary>Called for every event as it arrives (on a reader thread).</summary>
    public Action<JsonElement>? OnEvent { get; set; }

    public static TusNodeClient Start(Uri endpoint, string file, long chunkSize, params string[] extraArguments)
    {
        var directory = FindClientDirectory();
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "tus-js-client")))
        {
            throw new InvalidOperationException($"tus-js-client is not installed in {directory}. Run ./test.sh (it runs `npm ci` there), or `npm ci` there yourself.");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["upload.mjs", "--endpoint", endpoint.ToString(), "--file", file, "--chunk-size", chunkSize.ToString(CultureInfo.InvariantCulture), .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        var client = new TusNodeClient(new Process { StartInfo = start, EnableRaisingEvents = true });
        client._process.OutputDataReceived += (_, e) => client.Receive(e.Data);
        client._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                client._stderr.Enqueue(line);
            }
        };
        client._process.Exited += (_, _) => _ = client.ReportExitAsync();
        client._process.Start();
        client._process.BeginOutputReadLine();
        client._process.BeginErrorReadLine();
        return client;
    }

    /// <summary>The success or error event; throws with stderr when node ended without one.</summary>
    public async Task<JsonElement> WaitAsync(TimeSpan timeout)
    {
        try
        {
            return await _finished.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("tus-js-client did not finish. Last events:\n" + string.Join('\n', _events.TakeLast(10)) + "\n" + string.Join('\n', _stderr));
        }
    }

    /// <summary>Waits for success and returns the video id the last answer named.</summary>
    public async Task<string> SucceedAsync(TimeSpan timeout)
    {
        var end = await WaitAsync(timeout);
        Assert.True(end.GetProperty("event").GetString() == "success", "tus-js-client failed: " + end + "\n" + string.Join('\n', _stderr));
        return end.GetProperty("videoId").GetString()!;
    }

    /// <summary>The Upload-Offset of every PATCH the client sent, in order.</summary>
    public IReadOnlyList<long> PatchOffsets() =>
        [.. _events.Where(e => e.GetProperty("event").GetString() == "patch").Select(e => e.GetProperty("offset").GetInt64())];

    private void Receive(string? line)
    {
        if (string.IsNullOrWhiteSpace(line) || !line.StartsWith('{'))
        {
            return;
        }

        var element = JsonDocument.Parse(line).RootElement.Clone();
        _events.Enqueue(element);
        OnEvent?.Invoke(element);
        if (element.GetProperty("event").GetString() is "success" or "error")
        {
            _finished.TrySetResult(element);
        }
    }

    private async Task ReportExitAsync()
    {
        // Let the output readers drain before deciding that no end event came.
        await _process.WaitForExitAsync();
        _finished.TrySetException(new InvalidOperationException(
            $"node exited with {_process.ExitCode} and no end event:\n" + string.Join('\n', _stderr)));
    }

    public static string FindClientDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "tus-client");
            if (File.Exists(Path.Combine(candidate, "upload.mjs")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"Could not find tests/tus-client/upload.mjs above {AppContext.BaseDirectory}.");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
