using Sage.Server.Infrastructure;
using Dapper;

namespace Sage.Server.Data;

/// <summary>
/// Creates or upgrades the schema at start-up. Each migration is applied once, in order, and
/// recorded in SQLite's <c>user_version</c>; append new ones, never edit old ones.
/// </summary>
public sealed partial class DatabaseMigrator(SageDatabase database, ILogger<DatabaseMigrator> logger) : IHostedService
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE videos (
            id            TEXT PRIMARY KEY,
            filename      TEXT NOT NULL,
            content_type  TEXT NOT NULL,
            size          INTEGER NOT NULL,
            sha256        TEXT NOT NULL,
            storage_key   TEXT NOT NULL,
            created_at    TEXT NOT NULL,
            status        TEXT NOT NULL,
            error         TEXT NULL
        );
        CREATE INDEX ix_videos_created_at ON videos (created_at);
        """,
        """
        ALTER TABLE videos ADD COLUMN probe_json TEXT NULL;
        ALTER TABLE videos ADD COLUMN thumbnail_key TEXT NULL;

        -- One row per processing step of a video (probe, thumbnail, embed). A worker claims a row
        -- with a lease; a lease that runs out (crash, restart) makes the row claimable again.
        CREATE TABLE jobs (
            id                TEXT PRIMARY KEY,
            video_id          TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
            step              TEXT NOT NULL,
            status            TEXT NOT NULL,
            engine            TEXT NULL,
            clip_length       REAL NULL,
            attempts          INTEGER NOT NULL DEFAULT 0,
            lease_owner       TEXT NULL,
            lease_expires_at  TEXT NULL,
            remote_task_id    TEXT NULL,
            progress          REAL NOT NULL DEFAULT 0,
            error             TEXT NULL,
            created_at        TEXT NOT NULL,
            updated_at        TEXT NOT NULL
        );
        CREATE INDEX ix_jobs_claim ON jobs (status, step, created_at);
        CREATE INDEX ix_jobs_video ON jobs (video_id);

        -- The current embedding of a video: its status and, once ready, its segments.
        CREATE TABLE embeddings (
            video_id      TEXT PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
            job_id        TEXT NULL,
            status        TEXT NOT NULL,
            engine        TEXT NULL,
            model         TEXT NULL,
            dimension     INTEGER NULL,
            clip_length   REAL NULL,
            progress      REAL NOT NULL DEFAULT 0,
            error         TEXT NULL,
            notes         TEXT NULL,
            updated_at    TEXT NOT NULL,
            completed_at  TEXT NULL
        );

        -- Vectors as little-endian float32 blobs, not JSON text.
        CREATE TABLE embedding_segments (
            video_id   TEXT NOT NULL REFERENCES embeddings (video_id) ON DELETE CASCADE,
            seq        INTEGER NOT NULL,
            start_sec  REAL NOT NULL,
            end_sec    REAL NOT NULL,
            scope      TEXT NOT NULL,
            option     TEXT NOT NULL,
            vector     BLOB NOT NULL,
            PRIMARY KEY (video_id, seq)
        );

        -- Small server settings (the TwelveLabs key, encrypted with Data Protection).
        CREATE TABLE settings (
            key         TEXT PRIMARY KEY,
            value       TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        );
        """,
        """
        -- A stored comparison of two videos; the whole result is kept as JSON (it is read whole).
        CREATE TABLE comparisons (
            id           TEXT PRIMARY KEY,
            video_a      TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
            video_b      TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
            mode         TEXT NOT NULL,
            threshold    REAL NOT NULL,
            created_at   TEXT NOT NULL,
            result_json  TEXT NOT NULL
        );
        CREATE INDEX ix_comparisons_video_a ON comparisons (video_a);
        CREATE INDEX ix_comparisons_video_b ON comparisons (video_b);
        """,
        """
        -- Resumable (tus) uploads. The offset is the bytes in the parts contiguous from part 1 plus
        -- pending_bytes (kept in <data>/uploads/<id>.pending); a finished or removed upload stays as a tombstone.
        CREATE TABLE tus_uploads (
            id                   TEXT PRIMARY KEY,
            status               TEXT NOT NULL,
            upload_length        INTEGER NULL,
            upload_offset        INTEGER NOT NULL,
            part_size            INTEGER NOT NULL,
            pending_bytes        INTEGER NOT NULL,
            metadata             TEXT NOT NULL,
            filename             TEXT NOT NULL,
            content_type         TEXT NOT NULL,
            video_id             TEXT NOT NULL,
            storage_key          TEXT NOT NULL,
            multipart_upload_id  TEXT NULL,
            prefix_checked       INTEGER NOT NULL,
            expires_at           TEXT NOT NULL,
            error                TEXT NULL,
            created_at           TEXT NOT NULL,
            updated_at           TEXT NOT NULL
        );
        CREATE INDEX ix_tus_uploads_expiry ON tus_uploads (status, expires_at);

        -- Each multipart part as soon as the store has it, so a restart needs no ListParts.
        CREATE TABLE tus_upload_parts (
            upload_id    TEXT NOT NULL REFERENCES tus_uploads (id) ON DELETE CASCADE,
            part_number  INTEGER NOT NULL,
            etag         TEXT NOT NULL,
            size         INTEGER NOT NULL,
            checksum     TEXT NULL,
            PRIMARY KEY (upload_id, part_number)
        );
        """,
        """
        -- A job set aside until an engine's quota resets (TwelveLabs' hourly or daily limit): the
        -- claim skips it until then, and the embedding shows what it waits for until when.
        ALTER TABLE jobs ADD COLUMN not_before TEXT NULL;
        ALTER TABLE embeddings ADD COLUMN waiting_until TEXT NULL;
        """,
        """
        -- The frame-level fingerprint of a video: its state here, its bytes in the object store (object_key).
        -- version is VideoFingerprint.Version of the stored object; another version is computed again.
        CREATE TABLE fingerprints (
            video_id    TEXT PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
            job_id      TEXT NULL,
            status      TEXT NOT NULL,
            progress    REAL NOT NULL DEFAULT 0,
            error       TEXT NULL,
            version     INTEGER NOT NULL,
            object_key  TEXT NULL,
            byte_size   INTEGER NULL,
            updated_at  TEXT NOT NULL
        );
        """,
        """
        -- The W3C trace context of whatever queued the job, so its run joins the upload's trace.
        ALTER TABLE jobs ADD COLUMN trace_parent TEXT NULL;
        """,
        """
        -- A video's web-playable proxy: its state here, its MP4 in the object store (object_key). No row: none needed.
        -- reason says what of the original does not play in browsers.
        CREATE TABLE proxies (
            video_id    TEXT PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
            job_id      TEXT NULL,
            status      TEXT NOT NULL,
            progress    REAL NOT NULL DEFAULT 0,
            error       TEXT NULL,
            reason      TEXT NULL,
            object_key  TEXT NULL,
            byte_size   INTEGER NULL,
            updated_at  TEXT NOT NULL
        );
        """,
        """
        -- Access tokens (Sage:Auth:Mode=Token): only the SHA-256 of the secret is kept. A revoked
        -- token stays as a row so its id is never reused.
        CREATE TABLE access_tokens (
            id           TEXT PRIMARY KEY,
            name         TEXT NOT NULL,
            role         TEXT NOT NULL,
            secret_hash  TEXT NOT NULL UNIQUE,
            created_at   TEXT NOT NULL,
            revoked_at   TEXT NULL
        );
        -- The token that uploaded a video, so an uploader may delete its own videos.
        ALTER TABLE videos ADD COLUMN owner_token_id TEXT NULL;
        """,
        """
        -- The token that created a tus upload: the video it becomes is that token's.
        ALTER TABLE tus_uploads ADD COLUMN owner_token_id TEXT NULL;
        """,
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Created 0600 before SQLite opens it (its -wal and -shm files take the database's mode).
        OwnerOnlyFiles.EnsureFile(database.FilePath);
        foreach (var journal in (string[])[database.FilePath + "-wal", database.FilePath + "-shm"])
        {
            if (File.Exists(journal))
            {
                OwnerOnlyFiles.Tighten(journal, OwnerOnlyFiles.FileBits);
            }
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: cancellationToken)).ConfigureAwait(false);
        var version = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA user_version;", cancellationToken: cancellationToken)).ConfigureAwait(false);
        for (var i = (int)version; i < Migrations.Length; i++)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(Migrations[i], transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            // PRAGMA does not take parameters; the value is our own integer.
            await connection.ExecuteAsync(new CommandDefinition($"PRAGMA user_version = {i + 1};", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            LogMigrated(i + 1);
        }
        LogReady(Migrations.Length);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Applied database migration {Version}")]
    private partial void LogMigrated(int version);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Database is at schema version {Version}")]
    private partial void LogReady(int version);
}
