using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using Sage.Server.Data;

namespace Sage.Server.Jobs;

/// <summary>
/// The durable queue of processing steps. A job is claimed by setting a lease; while the lease
/// holds, nobody else runs it. Every write a running job makes checks that it still holds the
/// lease, so a job that lost it (or was cancelled) cannot overwrite anything.
/// </summary>
public sealed class JobQueue(SageDatabase database, IOptions<JobOptions> options, TimeProvider time)
{
    private const string Columns =
        "id AS Id, video_id AS VideoId, step AS Step, status AS Status, engine AS Engine, clip_length AS ClipLength, " +
        "attempts AS Attempts, remote_task_id AS RemoteTaskId, progress AS Progress, error AS Error, trace_parent AS TraceParent";

    /// <summary>Who holds a lease: this process.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private string Now() => Timestamp(time.GetUtcNow());

    private static string Timestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Jobs of one step in one open status (pending or running).</summary>
    public sealed record Depth(string Step, string Status, long Count);

    /// <summary>How many jobs wait or run, per step: the queue depth metric.</summary>
    public async Task<IReadOnlyList<Depth>> CountOpenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // A class with setters: on an empty result SQLite types the count column as a blob, which no constructor matches.
        var rows = await connection.QueryAsync<DepthRow>(new CommandDefinition(
            "SELECT step AS Step, status AS Status, COUNT(*) AS Count FROM jobs WHERE status IN ('pending', 'running') GROUP BY step, status",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new Depth(r.Step, r.Status, r.Count)).ToList();
    }

    private sealed class DepthRow
    {
        public string Step { get; set; } = string.Empty;
        public string Status { get; set; } = string.Empty;
        public long Count { get; set; }
    }

    /// <summary>Adds a pending job inside the caller's transaction.</summary>
    public async Task<Guid> EnqueueAsync(DbConnection connection, DbTransaction transaction, Guid videoId, string step, string? engine, double? clipLength, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var now = Now();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO jobs (id, video_id, step, status, engine, clip_length, created_at, updated_at, trace_parent)
            VALUES (@id, @videoId, @step, 'pending', @engine, @clipLength, @now, @now, @traceParent)
            """,
            new { id, videoId, step, engine, clipLength, now, traceParent = System.Diagnostics.Activity.Current?.Id },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return id;
    }

    /// <summary>Claims the oldest runnable job of these steps (and engine), or returns null.</summary>
    public async Task<Job?> ClaimAsync(IReadOnlyList<string> steps, string? engine, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<Job>(new CommandDefinition(
            $"""
            UPDATE jobs
               SET status = 'running', lease_owner = @owner, lease_expires_at = @leaseUntil,
                   attempts = attempts + 1, not_before = NULL, updated_at = @now
             WHERE id = (SELECT id FROM jobs
                          WHERE step IN @steps
                            AND (@engine IS NULL OR engine = @engine)
                            AND (status = 'pending' OR (status = 'running' AND lease_expires_at < @now))
                            AND (not_before IS NULL OR not_before <= @now)
                          ORDER BY created_at
                          LIMIT 1)
            RETURNING {Columns}
            """,
            new { owner = Owner, leaseUntil = Timestamp(now + options.Value.LeaseDuration), now = Timestamp(now), steps, engine },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Extends the lease; false when the job is no longer ours to run (cancelled, or taken over).</summary>
    public async Task<bool> RenewLeaseAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var renewed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE jobs SET lease_expires_at = @leaseUntil, updated_at = @now
             WHERE id = @jobId AND status = 'running' AND lease_owner = @owner
            """,
            new { jobId, owner = Owner, leaseUntil = Timestamp(now + options.Value.LeaseDuration), now = Timestamp(now) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return renewed == 1;
    }

    /// <summary>
    /// Hands a job we hold back to the queue (shutdown, or a transient failure to retry). A release
    /// at shutdown does not count as an attempt.
    /// </summary>
    public async Task ReleaseAsync(Guid jobId, CancellationToken cancellationToken, bool countAttempt = false)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE jobs SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL,
                   attempts = CASE WHEN @countAttempt THEN attempts ELSE attempts - 1 END, updated_at = @now
             WHERE id = @jobId AND status = 'running' AND lease_owner = @owner
            """,
            new { jobId, countAttempt, owner = Owner, now = Now() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Hands a job we hold back to the queue, not to be claimed before <paramref name="notBefore"/>
    /// (an engine's quota resets then). Waiting is not a failure, so no attempt is counted.
    /// </summary>
    public async Task DeferAsync(Guid jobId, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE jobs SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL,
                   attempts = attempts - 1, not_before = @notBefore, updated_at = @now
             WHERE id = @jobId AND status = 'running' AND lease_owner = @owner
            """,
            new { jobId, notBefore = Timestamp(notBefore), owner = Owner, now = Now() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task SaveProgressAsync(Guid jobId, double progress, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET progress = @progress, updated_at = @now WHERE id = @jobId AND status = 'running' AND lease_owner = @owner",
            new { jobId, progress, owner = Owner, now = Now() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task SaveRemoteTaskIdAsync(Guid jobId, string remoteTaskId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET remote_task_id = @remoteTaskId, updated_at = @now WHERE id = @jobId AND lease_owner = @owner",
            new { jobId, remoteTaskId, owner = Owner, now = Now() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Ends a job we hold, inside the caller's transaction; false when we no longer hold it.</summary>
    public async Task<bool> FinishAsync(DbConnection connection, DbTransaction? transaction, Guid jobId, string status, string? error, CancellationToken cancellationToken)
    {
        var finished = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE jobs SET status = @status, error = @error, lease_owner = NULL, lease_expires_at = NULL,
                   progress = CASE WHEN @status = 'succeeded' THEN 1 ELSE progress END, updated_at = @now
             WHERE id = @jobId AND status = 'running' AND lease_owner = @owner
            """,
            new { jobId, status, error, owner = Owner, now = Now() },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return finished == 1;
    }

    public async Task<bool> FinishAsync(Guid jobId, string status, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FinishAsync(connection, null, jobId, status, error, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels the unfinished jobs of a video (all steps, or one) and returns their ids.</summary>
    public async Task<IReadOnlyList<Guid>> CancelAsync(DbConnection connection, DbTransaction transaction, Guid videoId, string? step, CancellationToken cancellationToken)
    {
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            UPDATE jobs SET status = 'cancelled', lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
             WHERE video_id = @videoId AND (@step IS NULL OR step = @step) AND status IN ('pending', 'running')
            RETURNING id
            """,
            new { videoId, step, now = Now() },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return ids.AsList();
    }

    public async Task<IReadOnlyList<Job>> ListForVideoAsync(Guid videoId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var jobs = await connection.QueryAsync<Job>(new CommandDefinition(
            $"SELECT {Columns} FROM jobs WHERE video_id = @videoId ORDER BY created_at", new { videoId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return jobs.AsList();
    }
}
