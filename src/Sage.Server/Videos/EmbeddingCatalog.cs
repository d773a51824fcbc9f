using Sage.Server.Jobs;
using System.Data.Common;
using System.Runtime.InteropServices;
using Dapper;
using Sage.Core.Embeddings;
using Sage.Server.Data;

namespace Sage.Server.Videos;

/// <summary>Embedding status and segments. Vectors are stored as little-endian float32 blobs.</summary>
public sealed class EmbeddingCatalog(SageDatabase database, TimeProvider time)
{
    private const string Columns =
        "video_id AS VideoId, job_id AS JobId, status AS Status, engine AS Engine, model AS Model, dimension AS Dimension, " +
        "clip_length AS ClipLength, progress AS Progress, error AS Error, notes AS Notes, updated_at AS UpdatedAt, completed_at AS CompletedAt, " +
        "waiting_until AS WaitingUntil";

    private string Now() => time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<EmbeddingState?> FindAsync(Guid videoId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, null, videoId, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<EmbeddingState?> FindAsync(DbConnection connection, DbTransaction? transaction, Guid videoId, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<EmbeddingState>(new CommandDefinition(
            $"SELECT {Columns} FROM embeddings WHERE video_id = @videoId", new { videoId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

    public async Task<IReadOnlyDictionary<Guid, EmbeddingState>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var states = await connection.QueryAsync<EmbeddingState>(new CommandDefinition(
            $"SELECT {Columns} FROM embeddings", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return states.ToDictionary(s => s.VideoId);
    }

    /// <summary>Starts a fresh embedding for a video (pending, no segments), inside the caller's transaction.</summary>
    public async Task ResetAsync(DbConnection connection, DbTransaction transaction, Guid videoId, Guid? jobId, string? engine, double? clipLength, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM embedding_segments WHERE video_id = @videoId;
            INSERT INTO embeddings (video_id, job_id, status, engine, clip_length, progress, updated_at)
            VALUES (@videoId, @jobId, 'pending', @engine, @clipLength, 0, @now)
            ON CONFLICT (video_id) DO UPDATE SET
                job_id = excluded.job_id, status = 'pending', engine = excluded.engine, model = NULL, dimension = NULL,
                clip_length = excluded.clip_length, progress = 0, error = NULL, notes = NULL,
                updated_at = excluded.updated_at, completed_at = NULL, waiting_until = NULL;
            """,
            new { videoId, jobId, engine, clipLength, now = Now() },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Attaches the embed job once it exists; false when the embedding was cancelled meanwhile.</summary>
    public async Task<bool> AttachJobAsync(DbConnection connection, DbTransaction transaction, Guid videoId, Guid jobId, string engine, double clipLength, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE embeddings SET job_id = @jobId, engine = @engine, clip_length = @clipLength, updated_at = @now
             WHERE video_id = @videoId AND status = 'pending'
            """,
            new { videoId, jobId, engine, clipLength, now = Now() },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;

    /// <summary>Moves the embedding of <paramref name="jobId"/> to a new status, unless it was cancelled or replaced.</summary>
    public async Task<bool> UpdateAsync(Guid videoId, Guid? jobId, string status, double progress, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await UpdateAsync(connection, null, videoId, jobId, status, progress, error, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> UpdateAsync(DbConnection connection, DbTransaction? transaction, Guid videoId, Guid? jobId, string status, double progress, string? error, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE embeddings SET status = @status, progress = @progress, error = @error, updated_at = @now,
                   completed_at = CASE WHEN @status IN ('ready', 'failed') THEN @now ELSE completed_at END,
                   notes = CASE WHEN waiting_until IS NULL THEN notes ELSE NULL END, waiting_until = NULL
             WHERE video_id = @videoId AND (@jobId IS NULL OR job_id = @jobId) AND status IN ('pending', 'processing')
            """,
            new { videoId, jobId, status, progress, error, now = Now() },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;

    /// <summary>
    /// Puts the embedding of <paramref name="jobId"/> back to pending, waiting until <paramref name="until"/>
    /// for the reason in <paramref name="note"/> (the job was deferred, not failed); false when it was cancelled or replaced.
    /// </summary>
    public async Task<bool> WaitAsync(Guid videoId, Guid jobId, DateTimeOffset until, string note, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE embeddings SET status = 'pending', error = NULL, notes = @note, waiting_until = @until, updated_at = @now
             WHERE video_id = @videoId AND job_id = @jobId AND status IN ('pending', 'processing')
            """,
            new { videoId, jobId, until, note, now = Now() },
            cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    /// <summary>Stores a finished set, inside the caller's transaction; false when the embedding was cancelled or replaced.</summary>
    public async Task<bool> CompleteAsync(DbConnection connection, DbTransaction transaction, Guid videoId, Guid jobId, EmbeddingSet set, string? notes, CancellationToken cancellationToken)
    {
        var now = Now();
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE embeddings SET status = 'ready', engine = @engine, model = @model, dimension = @dimension, clip_length = @clipLength,
                   progress = 1, error = NULL, notes = @notes, updated_at = @now, completed_at = @now, waiting_until = NULL
             WHERE video_id = @videoId AND job_id = @jobId AND status IN ('pending', 'processing')
            """,
            new { videoId, jobId, engine = set.Engine, model = set.Model, dimension = set.Dimension, clipLength = set.ClipLength, notes, now },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (updated != 1)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM embedding_segments WHERE video_id = @videoId", new { videoId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var rows = set.Segments.Select((segment, seq) => new
        {
            videoId,
            seq,
            start = segment.Start,
            end = segment.End,
            scope = segment.Scope,
            option = segment.Option,
            vector = ToBlob(segment.Vector),
        });
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO embedding_segments (video_id, seq, start_sec, end_sec, scope, option, vector)
            VALUES (@videoId, @seq, @start, @end, @scope, @option, @vector)
            """,
            rows,
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return true;
    }

    /// <summary>Cancels an active embedding, inside the caller's transaction; false when there was nothing to cancel.</summary>
    public async Task<bool> CancelAsync(DbConnection connection, DbTransaction transaction, Guid videoId, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE embeddings SET status = 'cancelled', error = NULL, updated_at = @now, completed_at = @now, waiting_until = NULL
             WHERE video_id = @videoId AND status IN ('pending', 'processing')
            """,
            new { videoId, now = Now() },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;

    /// <summary>The stored set of a ready embedding, or null.</summary>
    public async Task<EmbeddingSet?> LoadSetAsync(Guid videoId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var state = await FindAsync(connection, null, videoId, cancellationToken).ConfigureAwait(false);
        if (state is not { Status: StepStatus.Ready })
        {
            return null;
        }

        var rows = await connection.QueryAsync<SegmentRow>(new CommandDefinition(
            "SELECT start_sec AS Start, end_sec AS End, scope AS Scope, option AS Option, vector AS Vector FROM embedding_segments WHERE video_id = @videoId ORDER BY seq",
            new { videoId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var segments = rows.Select(r => new EmbeddingSegment(r.Start, r.End, r.Scope, r.Option, FromBlob(r.Vector))).ToList();
        return new EmbeddingSet(state.Engine ?? "", state.Model ?? "", (int)(state.Dimension ?? 0), state.ClipLength ?? 0, segments);
    }

    public static byte[] ToBlob(float[] vector)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Vectors are stored little-endian.");
        }

        return MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();
    }

    public static float[] FromBlob(byte[] blob) => MemoryMarshal.Cast<byte, float>(blob).ToArray();

    private sealed record SegmentRow(double Start, double End, string Scope, string Option, byte[] Vector);
}
