using Dapper;

namespace Sage.Server.Uploads.Tus;

/// <summary>The creation-defer-length extension's write: the length, set once.</summary>
public sealed partial class TusUploadStore
{
    /// <summary>False when the length was already set (by a concurrent request); the caller rereads.</summary>
    public async Task<bool> SetLengthAsync(Guid id, long uploadLength, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE tus_uploads SET upload_length = @uploadLength WHERE id = @id AND upload_length IS NULL",
            new { id, uploadLength },
            cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }
}
