using System.Data.Common;
using System.Text.Json;
using Dapper;
using Sage.Media;
using Sage.Server.Data;

namespace Sage.Server.Videos;

/// <summary>The video records. Lifecycle (jobs, events, objects) is <see cref="Jobs.VideoPipeline"/>'s.</summary>
public sealed class VideoCatalog(SageDatabase database)
{
    // The fingerprint's and the proxy's state come along (LEFT JOIN) so every place that shows a video shows it without another query.
    private const string Columns =
        "v.id AS Id, v.filename AS FileName, v.content_type AS ContentType, v.size AS Size, v.sha256 AS Sha256, " +
        "v.storage_key AS StorageKey, v.created_at AS CreatedAt, v.status AS Status, v.error AS Error, v.probe_json AS ProbeJson, v.thumbnail_key AS ThumbnailKey, " +
        "f.status AS FingerprintStatus, f.progress AS FingerprintProgress, f.error AS FingerprintError, " +
        "p.status AS ProxyStatus, p.progress AS ProxyProgress, p.error AS ProxyError, p.reason AS ProxyReason, p.object_key AS ProxyKey, p.byte_size AS ProxySize, " +
        "v.owner_token_id AS OwnerTokenId";

    private const string From = "videos v LEFT JOIN fingerprints f ON f.video_id = v.id LEFT JOIN proxies p ON p.video_id = v.id";

    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, Video video, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO videos (id, filename, content_type, size, sha256, storage_key, created_at, status, error, owner_token_id)
            VALUES (@Id, @FileName, @ContentType, @Size, @Sha256, @StorageKey, @CreatedAt, @Status, @Error, @OwnerTokenId)
            """,
            video,
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);

    public async Task<Video?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<Video>(new CommandDefinition(
            $"SELECT {Columns} FROM {From} WHERE v.id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Video>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var videos = await connection.QueryAsync<Video>(new CommandDefinition(
            $"SELECT {Columns} FROM {From} ORDER BY v.created_at DESC, v.id", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return videos.AsList();
    }

    public async Task SaveProbeAsync(Guid id, VideoProbe probe, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE videos SET probe_json = @probe, status = @status, error = NULL WHERE id = @id",
            new { id, probe = JsonSerializer.Serialize(probe, Video.ProbeJsonOptions), status = VideoStatus.Ready },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task MarkFailedAsync(Guid id, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE videos SET status = @status, error = @reason WHERE id = @id",
            new { id, reason, status = VideoStatus.Failed },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task SaveThumbnailAsync(Guid id, string thumbnailKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE videos SET thumbnail_key = @thumbnailKey WHERE id = @id",
            new { id, thumbnailKey },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public static async Task<bool> DeleteAsync(DbConnection connection, DbTransaction transaction, Guid id, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM videos WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
}
