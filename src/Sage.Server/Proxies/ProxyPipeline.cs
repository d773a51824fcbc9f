using System.Data.Common;
using Microsoft.Extensions.Options;
using Sage.Media;
using Sage.Server.Data;
using Sage.Server.Events;
using Sage.Server.Jobs;
using Sage.Server.Videos;

namespace Sage.Server.Proxies;

/// <summary>
/// When a video gets a proxy: after its probe, when <see cref="ProxyOptions.Mode"/> and <see cref="BrowserPlayability"/>
/// say so, and on request. Requests only write rows and wake the worker.
/// </summary>
public sealed partial class ProxyPipeline(
    SageDatabase database,
    JobQueue jobs,
    ProxyCatalog proxies,
    RunningJobs running,
    JobSignal signal,
    EventHub events,
    IOptions<ProxyOptions> options,
    ILogger<ProxyPipeline> logger)
{
    /// <summary>Why <paramref name="probe"/> needs a proxy under the configured mode; null when it needs none.</summary>
    public string? ReasonFor(VideoProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return options.Value.Mode switch
        {
            ProxyMode.Never => null,
            ProxyMode.Always => "every video gets a proxy (Sage:Proxies:Mode is always)",
            _ => BrowserPlayability.Decide(probe) is { Plays: false } verdict ? verdict.Reason : null,
        };
    }

    /// <summary>Inside the probe's transaction: queues the proxy job when the video needs one.</summary>
    public async Task QueueAfterProbeAsync(DbConnection connection, DbTransaction transaction, Guid videoId, VideoProbe probe, CancellationToken cancellationToken)
    {
        if (ReasonFor(probe) is { } reason)
        {
            await EnqueueAsync(connection, transaction, videoId, reason, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Makes the proxy again (cancelling one in progress), whatever the mode says: the user asked for it.</summary>
    public async Task RerunAsync(Video video, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(video);
        var probe = video.Probe ?? throw new InvalidOperationException("The video has not been probed.");
        var reason = ReasonFor(probe) ?? "asked for";
        IReadOnlyList<Guid> cancelled;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            cancelled = await jobs.CancelAsync(connection, transaction, video.Id, JobStep.Proxy, cancellationToken).ConfigureAwait(false);
            await EnqueueAsync(connection, transaction, video.Id, reason, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        running.Cancel(cancelled);
        signal.Notify();
        await PublishAsync(video.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the proxy of a video (its ffmpeg is killed if it runs here); false when none was active.</summary>
    public async Task<bool> CancelAsync(Guid videoId, CancellationToken cancellationToken)
    {
        IReadOnlyList<Guid> cancelled;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await proxies.CancelAsync(connection, transaction, videoId, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            cancelled = await jobs.CancelAsync(connection, transaction, videoId, JobStep.Proxy, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        running.Cancel(cancelled);
        LogCancelled(videoId, cancelled.Count);
        await PublishAsync(videoId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task PublishAsync(Guid videoId, CancellationToken cancellationToken)
    {
        var state = await proxies.FindAsync(videoId, cancellationToken).ConfigureAwait(false);
        if (state is not null)
        {
            events.Publish(SageEventTypes.ProxyUpdated, new { videoId, proxy = ProxySummary.From(state) });
        }
    }

    private async Task EnqueueAsync(DbConnection connection, DbTransaction transaction, Guid videoId, string reason, CancellationToken cancellationToken)
    {
        var jobId = await jobs.EnqueueAsync(connection, transaction, videoId, JobStep.Proxy, engine: null, clipLength: null, cancellationToken).ConfigureAwait(false);
        await proxies.ResetAsync(connection, transaction, videoId, jobId, reason, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Proxy of video {VideoId} cancelled ({Jobs} jobs stopped)")]
    private partial void LogCancelled(Guid videoId, int jobs);
}
