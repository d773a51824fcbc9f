using System.Data.Common;
using Dapper;
using Sage.Core.Fingerprints;
using Sage.Server.Data;

namespace Sage.Server.Fingerprints;

/// <summary>
/// The fingerprints table. Writes by a job name the job and only land while the row is still that job's and active,
/// so a cancelled or replaced job cannot overwrite anything.
/// </summary>
public sealed class FingerprintCatalog(SageDatabase database, TimeProvider time)
{
    private const string Columns =
        "video_id AS VideoId, job_id AS JobId, status AS Status, progress AS Progress, error AS Error, version AS Version, " +
        "object_key AS ObjectKey, byte_size AS ByteSize, updated_at AS UpdatedAt";

    private string Now() => time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<FingerprintState?> FindAsync(Guid videoId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, null, videoId, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<FingerprintState?> FindAsync(DbConnection connection, DbTransaction? transaction, Guid videoId, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<FingerprintState>(new CommandDefinition(
            $"SELECT {Columns} FROM fingerprints WHERE video_id = @videoId", new { videoId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

    /// <summary>Starts a fresh fingerprint (pending, owned by <paramref name="jobId"/> or by nobody yet), inside the caller's transaction.</summary>
    public async Task ResetAsync(DbConnection connection, DbTransaction transaction, Guid videoId, Guid? jobId, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO fingerprints (video_id, job_id, status, progress, version, updated_at)
            VALUES (@videoId, @jobId, 'pending', 0, @version, @now)
            ON CONFLICT (video_id) DO UPDATE SET
                job_id = excluded.job_id, status = 'pending', progress = 0, error = NULL, version = excluded.version,
                object_key = NULL, byte_size = NULL, updated_at = excluded.updated_at
            """,
            new { videoId, jobId, version = VideoFingerprint.Version, now = Now() },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);

    /// <summary>Moves the fingerprint of <paramref name="jobId"/> to another active status or failed; false when it was cancelled or replaced.</summary>
    public async Task<bool> UpdateAsync(Guid videoId, Guid jobId, string status, double progress, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE fingerprints SET status = @status, progress = @progress, error = @error, updated_at = @now
             WHERE video_id = @videoId AND job_id = @jobId AND status IN ('pending', 'processing')
            """,
            new { videoId, jobId, status, progress, error, now = Now() },
            cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    /// <summary>Records a stored object as the ready fingerprint of <paramref name="jobId"/>, inside the caller's transaction; false when it was cancelled or replaced.</summary>
    public async Task<bool> CompleteAsync(DbConnection connection, DbTransaction transaction, Guid videoId, Guid jobId, StoredFingerprint stored, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE fingerprints SET status = 'ready', progress = 1, error = NULL, version = @version,
                   object_key = @key, byte_size = @size, updated_at = @now
             WHERE video_id = @videoId AND job_id = @jobId AND status IN ('pending', 'processing')
            """,
            new { videoId, jobId, version = stored.Version, key = stored.Key, size = stored.Size, now = Now() },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;

    /// <summary>
    /// Records a fingerprint an engine computed in its own decode as ready, unless a fingerprint job owns the row
    /// (it is queued or running and will write its own); false then.
    /// </summary>
    public async Task<bool> CompleteWithoutJobAsync(Guid videoId, StoredFingerprint stored, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO fingerprints (video_id, job_id, status, progress, version, object_key, byte_size, updated_at)
            VALUES (@videoId, NULL, 'ready', 1, @version, @key, @size, @now)
            ON CONFLICT (video_id) DO UPDATE SET
                job_id = NULL, status = 'ready', progress = 1, error = NULL, version = excluded.version,
                object_key = excluded.object_key, byte_size = excluded.byte_size, updated_at = excluded.updated_at
             WHERE fingerprints.job_id IS NULL OR fingerprints.status NOT IN ('pending', 'processing')
            """,
            new { videoId, version = stored.Version, key = stored.Key, size = stored.Size, now = Now() },
            cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    /// <summary>Cancels an active fingerprint, inside the caller's transaction; false when none was active.</summary>
    public async Task<bool> CancelAsync(DbConnection connection, DbTransaction transaction, Guid videoId, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE fingerprints SET status = 'cancelled', updated_at = @now
             WHERE video_id = @videoId AND status IN ('pending', 'processing')
            """,
            new { videoId, now = Now() },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;

    /// <summary>
    /// Ready videos that need a fingerprint: none, one of another version, or one that failed or was left pending by
    /// nobody, while no fingerprint job (nor a local embedding, which computes it) is queued or running. A cancelled
    /// fingerprint is the user's choice and stays.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ListMissingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            SELECT v.id FROM videos v LEFT JOIN fingerprints f ON f.video_id = v.id
             WHERE v.status = 'ready'
               AND (f.video_id IS NULL OR f.version <> @version OR f.status NOT IN ('ready', 'cancelled'))
               AND NOT EXISTS (SELECT 1 FROM jobs j
                                WHERE j.video_id = v.id AND j.status IN ('pending', 'running')
                                  AND (j.step = 'fingerprint' OR (j.step = 'embed' AND j.engine = 'local')))
             ORDER BY v.created_at
            """,
            new { version = VideoFingerprint.Version },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return ids.AsList();
    }
}
