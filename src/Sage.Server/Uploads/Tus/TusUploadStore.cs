using Dapper;
using Sage.Server.Data;
using Sage.Storage;

namespace Sage.Server.Uploads.Tus;

/// <summary>
/// The persisted state of tus uploads (tables <c>tus_uploads</c> and <c>tus_upload_parts</c>).
/// Core reads and progress here; each extension's writes sit in a partial file of their own.
/// </summary>
public sealed partial class TusUploadStore(SageDatabase database)
{
    private const string Columns =
        "id AS Id, status AS Status, upload_length AS UploadLength, upload_offset AS UploadOffset, part_size AS PartSize, " +
        "pending_bytes AS PendingBytes, metadata AS Metadata, filename AS FileName, content_type AS ContentType, video_id AS VideoId, " +
        "storage_key AS StorageKey, multipart_upload_id AS MultipartUploadId, prefix_checked AS PrefixChecked, expires_at AS ExpiresAt, " +
        "error AS Error, created_at AS CreatedAt, updated_at AS UpdatedAt, owner_token_id AS OwnerTokenId";

    public async Task<TusUpload?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<TusUpload>(new CommandDefinition(
            $"SELECT {Columns} FROM tus_uploads WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Every upload still active: what it holds in the store and on disk is not an orphan, however old.</summary>
    public async Task<IReadOnlyList<TusUpload>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var active = await connection.QueryAsync<TusUpload>(new CommandDefinition(
            $"SELECT {Columns} FROM tus_uploads WHERE status = '{TusUploadStatus.Active}'", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return active.AsList();
    }

    /// <summary>Every part recorded for the upload, by part number (stale parts past a gap included).</summary>
    public async Task<IReadOnlyList<UploadedPart>> ListPartsAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<PartRow>(new CommandDefinition(
            "SELECT part_number AS PartNumber, etag AS ETag, size AS Size, checksum AS Checksum FROM tus_upload_parts WHERE upload_id = @id ORDER BY part_number",
            new { id },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new UploadedPart((int)r.PartNumber, r.ETag, r.Size, r.Checksum))];
    }

    /// <summary>
    /// Records a part the moment the store has it, with the offset and pending count it implies, in
    /// one transaction: a process killed right after loses nothing the store holds.
    /// </summary>
    public async Task RecordPartAsync(Guid id, UploadedPart part, long uploadOffset, long pendingBytes, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO tus_upload_parts (upload_id, part_number, etag, size, checksum)
            VALUES (@id, @PartNumber, @ETag, @Size, @Checksum)
            ON CONFLICT (upload_id, part_number) DO UPDATE SET etag = excluded.etag, size = excluded.size, checksum = excluded.checksum
            """,
            new { id, part.PartNumber, part.ETag, part.Size, part.Checksum },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await UpdateProgressAsync(connection, transaction, id, uploadOffset, pendingBytes, expiresAt, now, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The offset and pending count after a PATCH has written its trailing bytes to the pending file.</summary>
    public async Task SaveProgressAsync(Guid id, long uploadOffset, long pendingBytes, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await UpdateProgressAsync(connection, null, id, uploadOffset, pendingBytes, expiresAt, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first bytes were found to be a video container; never checked again.</summary>
    public async Task MarkPrefixCheckedAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE tus_uploads SET prefix_checked = 1 WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task SetMultipartUploadAsync(Guid id, string multipartUploadId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE tus_uploads SET multipart_upload_id = @multipartUploadId WHERE id = @id",
            new { id, multipartUploadId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private static Task<int> UpdateProgressAsync(
        System.Data.Common.DbConnection connection,
        System.Data.Common.DbTransaction? transaction,
        Guid id,
        long uploadOffset,
        long pendingBytes,
        DateTimeOffset expiresAt,
        DateTimeOffset now,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE tus_uploads SET upload_offset = @uploadOffset, pending_bytes = @pendingBytes, expires_at = @expiresAt, updated_at = @now
            WHERE id = @id AND status = 'active'
            """,
            new { id, uploadOffset, pendingBytes, expiresAt, now },
            transaction,
            cancellationToken: cancellationToken));

    private sealed record PartRow(long PartNumber, string ETag, long Size, string? Checksum);
}
