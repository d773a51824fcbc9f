using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sage.Server.Data;

namespace Sage.Server.Health;

/// <summary>The database answers a query on the videos table.</summary>
public sealed class DatabaseHealthCheck(SageDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM videos", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return HealthCheckResult.Healthy();
    }
}
