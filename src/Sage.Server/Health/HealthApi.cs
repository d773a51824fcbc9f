using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sage.Storage;

namespace Sage.Server.Health;

public sealed record ComponentHealth(bool Ok, string? Error);

public sealed record HealthReport(
    string Status, string Version, double UptimeSeconds, ComponentHealth Database, ComponentHealth Storage, ComponentHealth Disk, string StorageProvider, string? Ffmpeg);

/// <summary>
/// /health/live (the process answers) and /health/ready (every check passes) for orchestrators, and
/// /api/health, a JSON view of the same checks. The original's /health (Legacy/) is built on it too.
/// </summary>
public static partial class HealthApi
{
    private static readonly string Version = typeof(HealthApi).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithTags("Health").AllowAnonymous();
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthServiceCollectionExtensions.ReadyTag) })
            .WithTags("Health").AllowAnonymous();
        routes.MapGet("/api/health", GetAsync).WithTags("Health").WithName("GetHealth").AllowAnonymous();
        return routes;
    }

    /// <summary>Runs the readiness checks and shapes them for the JSON health answers.</summary>
    public static async Task<HealthReport> CheckAsync(HealthCheckService checks, IObjectStore store, ILogger logger, CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(c => c.Tags.Contains(HealthServiceCollectionExtensions.ReadyTag), cancellationToken).ConfigureAwait(false);
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Status != HealthStatus.Healthy)
            {
                LogUnhealthy(logger, name, entry.Description, entry.Exception);
            }
        }

        var uptime = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var status = report.Status == HealthStatus.Healthy ? "healthy" : "unhealthy";
        var ffmpeg = report.Entries.TryGetValue(HealthServiceCollectionExtensions.Ffmpeg, out var media) && media.Status == HealthStatus.Healthy ? media.Description : null;
        return new HealthReport(
            status, Version, Math.Round(uptime.TotalSeconds, 1),
            Component(report, HealthServiceCollectionExtensions.Database),
            Component(report, HealthServiceCollectionExtensions.Storage),
            Component(report, HealthServiceCollectionExtensions.Disk),
            store.Provider, ffmpeg);
    }

    private static ComponentHealth Component(Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report, string name)
    {
        if (!report.Entries.TryGetValue(name, out var entry))
        {
            return new ComponentHealth(false, "not checked");
        }

        // An exception's message can carry a path or a URL; the answer says what failed in words.
        return entry.Status == HealthStatus.Healthy
            ? new ComponentHealth(true, null)
            : new ComponentHealth(false, entry.Exception is null ? entry.Description : $"{name} is unreachable ({entry.Exception.GetType().Name})");
    }

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> GetAsync(
        HealthCheckService checks, IObjectStore store, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var report = await CheckAsync(checks, store, loggers.CreateLogger("Sage.Server.Health"), cancellationToken).ConfigureAwait(false);
        return report.Status == "healthy"
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Health check: {Component} is unhealthy: {Description}")]
    private static partial void LogUnhealthy(ILogger logger, string component, string? description, Exception? exception);
}
