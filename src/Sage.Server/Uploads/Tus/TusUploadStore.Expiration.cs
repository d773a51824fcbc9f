using Dapper;

namespace Sage.Server.Uploads.Tus;

/// <summary>The expiration extension's reads and clean-up: active uploads idle past their expiry, and old tombstones.</summary>
public sealed partial class TusUploadStore
{
    public async Task<IReadOnlyList<TusUpload>> ListExpiredAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var uploads = await connection.QueryAsync<TusUpload>(new CommandDefinition(
            $"SELECT {Columns} FROM tus_uploads WHERE status = 'active' AND expires_at < @now ORDER BY expires_at LIMIT @limit",
            new { now, limit },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return uploads.AsList();
    }

    /// <summary>Removes the rows of uploads that ended (terminated, expired, failed) before <paramref name="endedBefore"/>; returns how many.</summary>
    public async Task<int> PurgeEndedAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM tus_uploads WHERE status IN ('{TusUploadStatus.Terminated}', '{TusUploadStatus.Expired}', '{TusUploadStatus.Failed}') AND updated_at < @endedBefore",
            new { endedBefore },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
