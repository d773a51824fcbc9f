using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sage.Server.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>The tag of the checks readiness runs (liveness runs none: a live process answers).</summary>
    public const string ReadyTag = "ready";

    public const string Database = "database";
    public const string Storage = "storage";
    public const string Ffmpeg = "ffmpeg";
    public const string Disk = "disk";

    /// <summary>The <c>Sage:Health</c> options and the four checks: database, storage, ffmpeg and free disk.</summary>
    public static IServiceCollection AddSageHealth(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>()
            .BindConfiguration(HealthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var timeout = TimeSpan.FromSeconds(5);
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(Database, HealthStatus.Unhealthy, [ReadyTag], timeout)
            .AddCheck<StorageHealthCheck>(Storage, HealthStatus.Unhealthy, [ReadyTag], timeout)
            .AddCheck<FfmpegHealthCheck>(Ffmpeg, HealthStatus.Unhealthy, [ReadyTag], timeout)
            .AddCheck<DiskSpaceHealthCheck>(Disk, HealthStatus.Unhealthy, [ReadyTag], timeout);
        return services;
    }
}
