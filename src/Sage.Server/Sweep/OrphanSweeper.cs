using Microsoft.Extensions.Options;
using Sage.Server.Uploads.Tus;
using Sage.Storage;

namespace Sage.Server.Sweep;

/// <summary>
/// Removes what uploads leave behind when their owner is gone: multipart uploads left open in the store (a server
/// killed during a form upload, an abort that failed while S3 was down), the store's scratch files, and the pending and
/// chunk files of tus uploads that are no longer active. Something is an orphan when it was last written more than
/// <see cref="SweepOptions.MinAge"/> ago and no live upload owns it: neither an active tus upload (whatever its
/// expiry: ending those is <see cref="TusExpirationService"/>'s job) nor a form upload this process is running.
/// </summary>
/// <remarks>
/// Nothing is remembered between passes: each lists what is open now, so a removal that failed is simply found again.
/// </remarks>
public sealed class OrphanSweeper(
    MultipartUploader uploader,
    TusUploadStore tusUploads,
    TusPendingFiles tusFiles,
    IOptions<SweepOptions> options,
    TimeProvider time,
    SweepMetrics metrics,
    ILogger<OrphanSweeper> logger)
{
    public const string MultipartUploadKind = "multipart_upload";

    public const string ScratchFileKind = "scratch_file";

    private IObjectStore Store => uploader.Store;

    /// <summary>One pass over every kind of orphan; returns how many were removed. A kind that cannot be listed is logged and skipped.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var minAge = options.Value.MinAge;
        var writtenBefore = time.GetUtcNow() - minAge;

        // Read before the store is listed: an upload created after this is younger than the cutoff.
        var active = await tusUploads.ListActiveAsync(cancellationToken).ConfigureAwait(false);
        var removed = await StageAsync("multipart uploads", () => AbortMultipartUploadsAsync(active, writtenBefore, cancellationToken)).ConfigureAwait(false)
            + await StageAsync("scratch files", () => DeleteScratchFilesAsync(writtenBefore, cancellationToken)).ConfigureAwait(false)
            + await StageAsync("tus files", () => Task.FromResult(DeleteTusFiles(active, writtenBefore))).ConfigureAwait(false);
        SweepLog.Swept(logger, removed, minAge);
        return removed;
    }

    private async Task<int> AbortMultipartUploadsAsync(IReadOnlyList<TusUpload> active, DateTimeOffset writtenBefore, CancellationToken cancellationToken)
    {
        var ownedByTus = active.Select(u => u.MultipartUploadId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var aborted = 0;
        foreach (var open in await Store.ListMultipartUploadsAsync(ObjectKeys.VideoPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (open.LastWritten >= writtenBefore || ownedByTus.Contains(open.UploadId) || uploader.IsUploading(open.UploadId))
            {
                continue;
            }

            try
            {
                await Store.AbortMultipartUploadAsync(open.ToUpload(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SweepLog.AbortFailed(logger, e, open.UploadId, open.Key);
                continue;
            }

            metrics.Removed(MultipartUploadKind);
            SweepLog.AbortedUpload(logger, open.UploadId, open.Key, Store.Provider, open.LastWritten);
            aborted++;
        }

        return aborted;
    }

    private async Task<int> DeleteScratchFilesAsync(DateTimeOffset writtenBefore, CancellationToken cancellationToken)
    {
        var deleted = await Store.DeleteScratchFilesAsync(writtenBefore, cancellationToken).ConfigureAwait(false);
        foreach (var name in deleted)
        {
            metrics.Removed(ScratchFileKind);
            SweepLog.DeletedScratchFile(logger, name);
        }

        return deleted.Count;
    }

    private int DeleteTusFiles(IReadOnlyList<TusUpload> active, DateTimeOffset writtenBefore)
    {
        var live = active.Select(u => u.Id).ToHashSet();
        var deleted = 0;
        foreach (var file in tusFiles.List())
        {
            if (file.LastWritten >= writtenBefore || live.Contains(file.UploadId))
            {
                continue;
            }

            try
            {
                tusFiles.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                SweepLog.DeleteFailed(logger, e, file.Path);
                continue;
            }

            metrics.Removed(file.Kind);
            SweepLog.DeletedTusFile(logger, file.Kind, file.Path, file.UploadId, file.LastWritten);
            deleted++;
        }

        return deleted;
    }

    private async Task<int> StageAsync(string stage, Func<Task<int>> sweep)
    {
        try
        {
            return await sweep().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SweepLog.StageFailed(logger, e, stage);
            return 0;
        }
    }
}
