using Dapper;

namespace Sage.Server.Uploads.Tus;

/// <summary>The expiration extension's read: active uploads idle past their expiry.</summary>
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
}
