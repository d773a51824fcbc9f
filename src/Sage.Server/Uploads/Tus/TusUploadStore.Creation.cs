using Dapper;

namespace Sage.Server.Uploads.Tus;

/// <summary>The creation extension's writes.</summary>
public sealed partial class TusUploadStore
{
    public async Task InsertAsync(TusUpload upload, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO tus_uploads (id, status, upload_length, upload_offset, part_size, pending_bytes, metadata, filename, content_type,
                                     video_id, storage_key, multipart_upload_id, prefix_checked, expires_at, error, created_at, updated_at, owner_token_id)
            VALUES (@Id, @Status, @UploadLength, @UploadOffset, @PartSize, @PendingBytes, @Metadata, @FileName, @ContentType,
                    @VideoId, @StorageKey, @MultipartUploadId, @PrefixChecked, @ExpiresAt, @Error, @CreatedAt, @UpdatedAt, @OwnerTokenId)
            """,
            upload,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
