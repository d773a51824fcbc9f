using Sage.Embeddings;
using Sage.Server.Data;
using Sage.Server.Events;
using Sage.Server.Fingerprints;
using Sage.Server.Settings;
using Sage.Server.Videos;
using Sage.Storage;

namespace Sage.Server.Jobs;

/// <summary>What a request asks of the embedding step; nulls mean the defaults.</summary>
public sealed record EmbeddingPreference(string? Engine, double? ClipLength);

public enum RerunOutcome
{
    Started,
    VideoNotFound,
    VideoUnusable,
}

/// <summary>
/// A video's life from the API's side: it is added with its first job queued in the same
/// transaction, its embedding can be cancelled or re-run, and deleting it cancels its jobs first.
/// Requests only write rows and wake the worker; they never wait on a job.
/// </summary>
public sealed partial class VideoPipeline(
    SageDatabase database,
    JobQueue jobs,
    VideoCatalog videos,
    EmbeddingCatalog embeddings,
    EmbeddingEngines engines,
    EmbeddingEngineChooser chooser,
    IObjectStore store,
    RunningJobs running,
    JobSignal signal,
    EventHub events,
    ILogger<VideoPipeline> logger)
{
    public async Task<Video> AddVideoAsync(Video video, EmbeddingPreference? preference, CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await VideoCatalog.InsertAsync(connection, transaction, video, cancellationToken).ConfigureAwait(false);
            await jobs.EnqueueAsync(connection, transaction, video.Id, JobStep.Probe, engine: null, clipLength: null, cancellationToken).ConfigureAwait(false);
            await embeddings.ResetAsync(connection, transaction, video.Id, jobId: null, preference?.Engine, preference?.ClipLength, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        signal.Notify();
        LogVideoAdded(video.Id, video.FileName, video.Size);
        await PublishVideoAsync(SageEventTypes.VideoCreated, video.Id, cancellationToken).ConfigureAwait(false);
        return video;
    }

    /// <summary>Checks a requested engine and clip length; returns the problem, or null when they are fine.</summary>
    public string? Validate(EmbeddingPreference preference)
    {
        if (preference.Engine is { } engine && !engines.TryGet(engine, out _))
        {
            return $"Unknown engine '{engine}'. Engines: {string.Join(", ", engines.Names)}.";
        }

        if (preference.ClipLength is { } clip && !(clip >= EmbeddingRequest.MinClipLengthSeconds && clip <= EmbeddingRequest.MaxClipLengthSeconds))
        {
            return $"The clip length must be between {EmbeddingRequest.MinClipLengthSeconds} and {EmbeddingRequest.MaxClipLengthSeconds} seconds.";
        }

        return null;
    }

    /// <summary>Stops the embedding of a video: its job is cancelled and, if it runs here, its ffmpeg killed. False when nothing was active.</summary>
    public async Task<bool> CancelEmbeddingAsync(Guid videoId, CancellationToken cancellationToken)
    {
        IReadOnlyList<Guid> cancelled;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await embeddings.CancelAsync(connection, transaction, videoId, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            cancelled = await jobs.CancelAsync(connection, transaction, videoId, JobStep.Embed, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        running.Cancel(cancelled);
        LogEmbeddingCancelled(videoId, cancelled.Count);
        await PublishEmbeddingAsync(videoId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Starts the embedding again (cancelling one in progress), optionally with another engine or clip length.</summary>
    public async Task<RerunOutcome> RerunEmbeddingAsync(Guid videoId, EmbeddingPreference preference, CancellationToken cancellationToken)
    {
        var video = await videos.FindAsync(videoId, cancellationToken).ConfigureAwait(false);
        if (video is null)
        {
            return RerunOutcome.VideoNotFound;
        }

        if (video.Status == VideoStatus.Failed)
        {
            return RerunOutcome.VideoUnusable;
        }

        var resolved = video.Status == VideoStatus.Ready ? await ResolveAsync(preference, cancellationToken).ConfigureAwait(false) : null;
        IReadOnlyList<Guid> cancelled;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            cancelled = await jobs.CancelAsync(connection, transaction, videoId, JobStep.Embed, cancellationToken).ConfigureAwait(false);
            await embeddings.ResetAsync(connection, transaction, videoId, jobId: null, preference.Engine, preference.ClipLength, cancellationToken).ConfigureAwait(false);
            if (resolved is not null)
            {
                // Probed already: queue the embedding now. Otherwise the probe step queues it.
                await EnqueueEmbedAsync(connection, transaction, videoId, resolved, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        running.Cancel(cancelled);
        signal.Notify();
        await PublishEmbeddingAsync(videoId, cancellationToken).ConfigureAwait(false);
        return RerunOutcome.Started;
    }

    /// <summary>
    /// Fills in the defaults: the chosen engine (which may ask TwelveLabs whether the key is valid,
    /// so call this before opening a transaction) and the default clip length.
    /// </summary>
    internal async Task<EmbeddingPreference> ResolveAsync(EmbeddingPreference preference, CancellationToken cancellationToken) => new(
        preference.Engine ?? await ChooseEngineAsync(cancellationToken).ConfigureAwait(false),
        preference.ClipLength ?? EmbeddingRequest.DefaultClipLengthSeconds);

    /// <summary>Queues the embed job for a pending embedding, inside the caller's transaction.</summary>
    internal async Task EnqueueEmbedAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, Guid videoId, EmbeddingPreference resolved, CancellationToken cancellationToken)
    {
        var engine = resolved.Engine ?? throw new ArgumentException("Resolve the preference first.", nameof(resolved));
        var clipLength = resolved.ClipLength ?? EmbeddingRequest.DefaultClipLengthSeconds;
        var jobId = await jobs.EnqueueAsync(connection, transaction, videoId, JobStep.Embed, engine, clipLength, cancellationToken).ConfigureAwait(false);
        await embeddings.AttachJobAsync(connection, transaction, videoId, jobId, engine, clipLength, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The configured or chosen default engine, if it is registered; else the local engine.</summary>
    private async Task<string> ChooseEngineAsync(CancellationToken cancellationToken)
    {
        var chosen = await chooser.ChooseDefaultEngineAsync(cancellationToken).ConfigureAwait(false);
        return engines.TryGet(chosen, out _) ? chosen : "local";
    }

    /// <summary>Cancels every job of the video, removes its objects, then its record. False when there is no such video.</summary>
    public async Task<bool> DeleteVideoAsync(Guid videoId, CancellationToken cancellationToken)
    {
        var video = await videos.FindAsync(videoId, cancellationToken).ConfigureAwait(false);
        if (video is null)
        {
            return false;
        }

        IReadOnlyList<Guid> cancelled;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            cancelled = await jobs.CancelAsync(connection, transaction, videoId, step: null, cancellationToken).ConfigureAwait(false);
            await embeddings.CancelAsync(connection, transaction, videoId, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        running.Cancel(cancelled);

        // Objects first: a crash in between leaves a record whose delete can simply be repeated.
        await store.DeleteObjectAsync(video.StorageKey, cancellationToken).ConfigureAwait(false);
        if (video.ThumbnailKey is not null)
        {
            await store.DeleteObjectAsync(video.ThumbnailKey, cancellationToken).ConfigureAwait(false);
        }

        await store.DeleteObjectAsync(FingerprintObjects.KeyFor(videoId), cancellationToken).ConfigureAwait(false);
        await store.DeleteObjectAsync(Proxies.ProxyObjects.KeyFor(videoId), cancellationToken).ConfigureAwait(false);

        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await VideoCatalog.DeleteAsync(connection, transaction, videoId, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        LogVideoDeleted(videoId, cancelled.Count);
        events.Publish(SageEventTypes.VideoDeleted, new { id = videoId });
        return true;
    }

    public async Task PublishVideoAsync(string type, Guid videoId, CancellationToken cancellationToken)
    {
        var video = await videos.FindAsync(videoId, cancellationToken).ConfigureAwait(false);
        if (video is not null)
        {
            var embedding = await embeddings.FindAsync(videoId, cancellationToken).ConfigureAwait(false);
            events.Publish(type, VideoResponse.From(video, embedding));
        }
    }

    public async Task PublishEmbeddingAsync(Guid videoId, CancellationToken cancellationToken)
    {
        var embedding = await embeddings.FindAsync(videoId, cancellationToken).ConfigureAwait(false);
        if (embedding is not null)
        {
            events.Publish(SageEventTypes.EmbeddingUpdated, new { videoId, embedding = EmbeddingSummary.From(embedding) });
        }
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Video {VideoId} added: {FileName} ({Bytes} bytes); probe queued")]
    private partial void LogVideoAdded(Guid videoId, string fileName, long bytes);

    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Video {VideoId} deleted ({Jobs} jobs cancelled)")]
    private partial void LogVideoDeleted(Guid videoId, int jobs);

    [LoggerMessage(EventId = 502, Level = LogLevel.Information, Message = "Embedding of video {VideoId} cancelled ({Jobs} jobs stopped)")]
    private partial void LogEmbeddingCancelled(Guid videoId, int jobs);
}
