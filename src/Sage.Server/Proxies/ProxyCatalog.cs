using System.Data.Common;
using Dapper;
using Sage.Server.Data;
using Sage.Server.Jobs;

namespace Sage.Server.Proxies;

/// <summary>
/// The proxies table. As with fingerprints, a job's writes only land while the row is still that job's and active,
/// so a cancelled or replaced job cannot overwrite anything.
/// </summary>
public sealed class ProxyCatalog(SageDatabase database, TimeProvider time)
{
    private const string Columns =
        "video_id AS VideoId, job_id AS JobId, status AS Status, progress AS Progress, error AS Error, reason AS Reason, " +
        "object_key AS ObjectKey, byte_size AS ByteSize, updated_at AS UpdatedAt";

    private string Now() => time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<ProxyState?> FindAsync(Guid videoId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<ProxyState>(new CommandDefinition(
            $"SELECT {Columns} FROM proxies WHERE video_id = @videoId", new { videoId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Starts a fresh proxy owned by <paramref name="jobId"/>, inside the caller's transaction.</summary>
    public async Task ResetAsync(DbConnection connection, DbTransaction transaction, Guid videoId, Guid jobId, string reason, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO proxies (video_id, job_id, status, progress, reason, updated_at)
            VALUES (@videoId, @jobId, 'pending', 0, @reason, @now)
            ON CONFLICT (video_id) DO UPDATE SET
                job_id = excluded.job_id, status = 'pending', progress = 0, error = NULL, reason = excluded.reason,
                object_key = NULL, byte_size = NULL, updated_at = excluded.updated_at
            """,
            new { videoId, jobId, reason, now = Now() },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);

    /// <summary>Moves the proxy of <paramref name="jobId"/> to another active status or failed; false when it was cancelled or replaced.</summary>
    public async Task<bool> UpdateAsync(Guid videoId, Guid jobId, string status, double progress, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE proxies SET status = @status, progress = @progress, error = @error, updated_at = @now
             WHERE video_id = @videoId AND job_id = @jobId AND status IN ('pending', 'processing')
            """,
            new { videoId, jobId, status, progress, error, now = Now() },
            cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    /// <summary>Records the stored proxy of <paramref name="jobId"/> as ready, inside the caller's transaction; false when it was cancelled or replaced.</summary>
    public async Task<bool> CompleteAsync(DbConnection connection, DbTransaction transaction, Guid videoId, Guid jobId, string key, long size, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE proxies SET status = 'ready', progress = 1, error = NULL, object_key = @key, byte_size = @size, updated_at = @now
             WHERE video_id = @videoId AND job_id = @jobId AND status IN ('pending', 'processing')
            """,
            new { videoId, jobId, key, size, now = Now() },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;

    /// <summary>Cancels an active proxy, inside the caller's transaction; false when none was active.</summary>
    public async Task<bool> CancelAsync(DbConnection connection, DbTransaction transaction, Guid videoId, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE proxies SET status = 'cancelled', updated_at = @now WHERE video_id = @videoId AND status IN ('pending', 'processing')",
            new { videoId, now = Now() },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
}
