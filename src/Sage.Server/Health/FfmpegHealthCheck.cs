using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sage.Media;

namespace Sage.Server.Health;

/// <summary>ffmpeg and ffprobe were found and their versions read at start-up.</summary>
public sealed class FfmpegHealthCheck(MediaToolsCheck media) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(media.Ffmpeg is { } ffmpeg && media.Ffprobe is not null
            ? HealthCheckResult.Healthy(ffmpeg.ToString())
            : HealthCheckResult.Unhealthy("ffmpeg or ffprobe could not be run"));
}
