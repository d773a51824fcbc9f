using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Sage.Server.Health;

/// <summary>
/// Free space on the data directory's file system against <see cref="HealthOptions.MinFreeDiskBytes"/>.
/// The answer gives the figures and never the path: health answers are public.
/// </summary>
public sealed class DiskSpaceHealthCheck(IOptions<SageOptions> sage, IOptions<HealthOptions> health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var free = FreeBytes(sage.Value.DataDirectoryFullPath);
        var minimum = health.Value.MinFreeDiskBytes;
        var data = new Dictionary<string, object> { ["freeBytes"] = free, ["minFreeBytes"] = minimum };
        var description = string.Create(CultureInfo.InvariantCulture, $"{free} bytes free; at least {minimum} wanted");
        return Task.FromResult(free >= minimum
            ? HealthCheckResult.Healthy(description, data)
            : HealthCheckResult.Unhealthy("Low disk space: " + description, data: data));
    }

    /// <summary>Bytes available to this process on the file system holding <paramref name="directory"/>.</summary>
    public static long FreeBytes(string directory) => new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;
}
