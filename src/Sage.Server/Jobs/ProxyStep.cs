using Microsoft.Extensions.Options;
using Sage.Media;
using Sage.Server.Data;
using Sage.Server.Proxies;
using Sage.Server.Videos;

namespace Sage.Server.Jobs;

/// <summary>
/// Transcodes a video into its web-playable proxy (a local temp file, then the object store at
/// <c>proxies/{videoId}.mp4</c>). The original is only read. ffmpeg cannot resume a half-written MP4, so a job
/// taken over after a crash starts the transcode again.
/// </summary>
public sealed class ProxyStep(
    SageDatabase database,
    JobQueue jobs,
    VideoCatalog videos,
    ProxyCatalog catalog,
    ProxyObjects objects,
    ProxyPipeline pipeline,
    VideoInputs inputs,
    IMediaTools media,
    IOptions<ProxyOptions> options) : IJobStep
{
    public string Name => JobStep.Proxy;

    public async Task RunAsync(Job job, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var video = await videos.FindAsync(job.VideoId, cancellationToken).ConfigureAwait(false)
            ?? throw new PermanentJobException("The video was deleted.");
        var probe = video.Probe ?? throw new PermanentJobException("The video has not been probed.");
        if (!await catalog.UpdateAsync(video.Id, job.Id, StepStatus.Processing, job.Progress, null, cancellationToken).ConfigureAwait(false))
        {
            await jobs.FinishAsync(job.Id, JobStatus.Cancelled, null, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        await pipeline.PublishAsync(video.Id, CancellationToken.None).ConfigureAwait(false);
        var source = await inputs.ResolveAsync(video.StorageKey, video.FileName, cancellationToken).ConfigureAwait(false);
        var settings = options.Value;
        var temp = Path.Combine(Path.GetTempPath(), $"sage-proxy-{job.Id:N}.mp4");
        try
        {
            var request = new ProxyRequest(source.DecoderInput, temp, probe.DurationSeconds, settings.MaxHeight, settings.Crf, settings.Preset, probe.IsInterlaced);
            await media.TranscodeProxyAsync(request, progress, cancellationToken).ConfigureAwait(false);
            var (key, size) = await objects.SaveAsync(video.Id, temp, cancellationToken).ConfigureAwait(false);
            await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!await jobs.FinishAsync(connection, transaction, job.Id, JobStatus.Succeeded, null, cancellationToken).ConfigureAwait(false) ||
                    !await catalog.CompleteAsync(connection, transaction, video.Id, job.Id, key, size, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            File.Delete(temp);
        }

        await pipeline.PublishAsync(video.Id, CancellationToken.None).ConfigureAwait(false);
    }

    public async Task SaveProgressAsync(Job job, double progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (await catalog.UpdateAsync(job.VideoId, job.Id, StepStatus.Processing, progress, null, cancellationToken).ConfigureAwait(false))
        {
            await pipeline.PublishAsync(job.VideoId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task FailAsync(Job job, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await catalog.UpdateAsync(job.VideoId, job.Id, StepStatus.Failed, 0, reason, cancellationToken).ConfigureAwait(false);
        await pipeline.PublishAsync(job.VideoId, cancellationToken).ConfigureAwait(false);
    }
}
