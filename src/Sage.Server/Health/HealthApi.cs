using System.Diagnostics;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Sage.Media;
using Sage.Server.Data;
using Sage.Storage;

namespace Sage.Server.Health;

public sealed record ComponentHealth(bool Ok, string? Error);

public sealed record HealthReport(string Status, string Version, double UptimeSeconds, ComponentHealth Database, ComponentHealth Storage, string StorageProvider, string? Ffmpeg);

/// <summary>Whether the database and the object store answer right now.</summary>
public static partial class HealthApi
{
    private static readonly string Version = typeof(HealthApi).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/health", GetAsync).WithTags("Health").WithName("GetHealth").AllowAnonymous();
        return routes;
    }

    public static async Task<HealthReport> CheckAsync(SageDatabase database, IObjectStore store, MediaToolsCheck media, ILogger logger, CancellationToken cancellationToken)
    {
        var databaseHealth = await ProbeAsync(async ct =>
        {
            await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
            await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM videos", cancellationToken: ct)).ConfigureAwait(false);
        }, "database", logger, cancellationToken).ConfigureAwait(false);
        var storageHealth = await ProbeAsync(store.CheckHealthAsync, "storage", logger, cancellationToken).ConfigureAwait(false);
        var uptime = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var status = databaseHealth.Ok && storageHealth.Ok ? "healthy" : "unhealthy";
        return new HealthReport(status, Version, Math.Round(uptime.TotalSeconds, 1), databaseHealth, storageHealth, store.Provider, media.Ffmpeg?.ToString());
    }

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> GetAsync(
        SageDatabase database, IObjectStore store, MediaToolsCheck media, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var report = await CheckAsync(database, store, media, loggers.CreateLogger("Sage.Server.Health"), cancellationToken).ConfigureAwait(false);
        return report.Status == "healthy"
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<ComponentHealth> ProbeAsync(Func<CancellationToken, Task> probe, string component, ILogger logger, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await probe(timeout.Token).ConfigureAwait(false);
            return new ComponentHealth(true, null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnhealthy(logger, component, ex);
            return new ComponentHealth(false, ex.Message);
        }
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Health check: {Component} is unreachable")]
    private static partial void LogUnhealthy(ILogger logger, string component, Exception exception);
}
