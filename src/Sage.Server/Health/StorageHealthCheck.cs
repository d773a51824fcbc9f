using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sage.Storage;

namespace Sage.Server.Health;

/// <summary>The object store can be reached (and, for the file store, written).</summary>
public sealed class StorageHealthCheck(IObjectStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await store.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        return HealthCheckResult.Healthy(store.Provider);
    }
}
