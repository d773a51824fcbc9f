using Dapper;

namespace Sage.Server.Uploads.Tus;

/// <summary>Ending an upload: completed, or a tombstone (terminated, expired, failed) whose parts are gone.</summary>
public sealed partial class TusUploadStore
{
    public async Task MarkCompletedAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        await EndAsync(id, TusUploadStatus.Completed, error: null, now, cancellationToken).ConfigureAwait(false);

    /// <summary>Leaves a tombstone row (so HEAD can answer 410) and forgets the parts.</summary>
    public async Task EndAsync(Guid id, string status, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE tus_uploads SET status = @status, error = @error, pending_bytes = 0, updated_at = @now WHERE id = @id",
            new { id, status, error, now },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM tus_upload_parts WHERE upload_id = @id", new { id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
