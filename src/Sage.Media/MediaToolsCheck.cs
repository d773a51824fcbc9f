using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sage.Media;

/// <summary>
/// Start-up check: runs "ffmpeg -version" and "ffprobe -version" once, logs the versions, and
/// stops the host with a clear message when either tool is missing. The found versions are kept
/// for the health endpoint.
/// </summary>
public sealed class MediaToolsCheck : IHostedService
{
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(15);

    private readonly MediaProcessRunner _runner;
    private readonly ILogger<MediaToolsCheck> _logger;

    public MediaToolsCheck(MediaProcessRunner runner, ILogger<MediaToolsCheck> logger)
    {
        _runner = runner;
        _logger = logger;
    }

    /// <summary>ffmpeg's version, once the check has run.</summary>
    public MediaToolVersion? Ffmpeg { get; private set; }

    /// <summary>ffprobe's version, once the check has run.</summary>
    public MediaToolVersion? Ffprobe { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken) => CheckAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs the check. Throws <see cref="InvalidOperationException"/> when a tool cannot be run.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        Ffmpeg = await CheckToolAsync(MediaTool.Ffmpeg, cancellationToken).ConfigureAwait(false);
        Ffprobe = await CheckToolAsync(MediaTool.Ffprobe, cancellationToken).ConfigureAwait(false);
    }

    private async Task<MediaToolVersion> CheckToolAsync(MediaTool tool, CancellationToken cancellationToken)
    {
        var name = MediaProcessRunner.NameOf(tool);
        var path = _runner.PathOf(tool);
        string output;
        try
        {
            var result = await _runner.RunAsync(tool, ["-hide_banner", "-version"], VersionTimeout, 1024 * 1024, cancellationToken)
                .ConfigureAwait(false);
            output = Encoding.UTF8.GetString(result.Output.Span);
        }
        catch (MediaToolException ex)
        {
            var reason = $"{name} is required but could not be run from '{path}': {ex.Message}";
            MediaLog.ToolCheckFailed(_logger, reason);
            throw new InvalidOperationException(reason, ex);
        }

        var version = MediaToolVersion.FromVersionOutput(output);
        if (version is null)
        {
            var firstLine = output.Split('\n', 2)[0].Trim();
            MediaLog.ToolVersionUnparsed(_logger, name, firstLine);
            version = new MediaToolVersion(firstLine, null);
        }
        else if (version.Parsed is null)
        {
            MediaLog.ToolVersionUnparsed(_logger, name, version.Raw);
        }

        MediaLog.ToolVersionFound(_logger, name, version, path);
        return version;
    }
}
