using Sage.Media;
using Sage.Server.Events;
using Sage.Server.Videos;
using Sage.Storage;

namespace Sage.Server.Jobs;

/// <summary>One JPEG of a representative frame, kept in the object store at <c>thumbnails/{videoId}.jpg</c>.</summary>
public sealed class ThumbnailStep(
    JobQueue jobs,
    VideoCatalog videos,
    VideoPipeline pipeline,
    VideoInputs inputs,
    IMediaTools media,
    IObjectStore store) : IJobStep
{
    public string Name => JobStep.Thumbnail;

    public static string ThumbnailKey(Guid videoId) => $"thumbnails/{videoId}.jpg";

    public async Task RunAsync(Job job, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var video = await videos.FindAsync(job.VideoId, cancellationToken).ConfigureAwait(false)
            ?? throw new PermanentJobException("The video was deleted.");
        var probe = video.Probe ?? throw new PermanentJobException("The video has not been probed.");
        var source = await inputs.ResolveAsync(video.StorageKey, video.FileName, cancellationToken).ConfigureAwait(false);
        using var jpeg = new MemoryStream();
        await media.ExtractThumbnailAsync(source.DecoderInput, ThumbnailTime.Choose(probe.DurationSeconds), jpeg, cancellationToken).ConfigureAwait(false);
        jpeg.Position = 0;
        var key = ThumbnailKey(video.Id);
        await store.PutObjectAsync(key, jpeg, new ObjectMetadata("thumbnail.jpg", "image/jpeg", DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
        await videos.SaveThumbnailAsync(video.Id, key, cancellationToken).ConfigureAwait(false);
        await jobs.FinishAsync(job.Id, JobStatus.Succeeded, null, cancellationToken).ConfigureAwait(false);
        await pipeline.PublishVideoAsync(SageEventTypes.VideoUpdated, video.Id, CancellationToken.None).ConfigureAwait(false);
    }

    public Task SaveProgressAsync(Job job, double progress, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task FailAsync(Job job, string reason, CancellationToken cancellationToken) => Task.CompletedTask;
}
