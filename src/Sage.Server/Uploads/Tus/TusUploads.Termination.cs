using Sage.Server.Events;
using Sage.Storage;

namespace Sage.Server.Uploads.Tus;

/// <summary>The termination extension (DELETE), and the removal of stored parts it shares with failure and expiry.</summary>
public sealed partial class TusUploads
{
    /// <summary>Ends the upload and removes what it stored (the multipart upload, pending bytes). A finished video stays.</summary>
    /// <exception cref="TusProtocolException">404, 410, 423.</exception>
    public async Task TerminateAsync(Guid id, CancellationToken requestAborted)
    {
        var upload = await FindLiveAsync(id, requestAborted).ConfigureAwait(false);
        using var lease = await locks.TryAcquireAsync(id, tusOptions.Value.TakeOverTimeout, requestAborted, requestAborted).ConfigureAwait(false)
            ?? throw TusProtocolException.Locked().WithUpload(upload);
        upload = await FindLiveAsync(id, requestAborted).ConfigureAwait(false);
        if (upload.Status == TusUploadStatus.Active)
        {
            await RemoveStoredAsync(upload).ConfigureAwait(false);
        }

        await uploads.EndAsync(id, TusUploadStatus.Terminated, error: null, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        TusLog.Terminated(logger, id);
        events.Publish(SageEventTypes.UploadTerminated, new { id, reason = "terminated" });
    }

    /// <summary>Ends an upload refused for what it holds: nothing of it is kept, and the reason stays on its tombstone.</summary>
    private async Task FailAsync(TusUpload upload, string reason)
    {
        await RemoveStoredAsync(upload).ConfigureAwait(false);
        await uploads.EndAsync(upload.Id, TusUploadStatus.Failed, reason, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        TusLog.Failed(logger, upload.Id, reason);
        events.Publish(SageEventTypes.UploadFailed, new { id = upload.Id, error = reason });
    }

    /// <summary>Aborts the multipart upload (S3 drops its parts) and deletes the pending bytes. Never throws for the store.</summary>
    private async Task RemoveStoredAsync(TusUpload upload)
    {
        hashes.Forget(upload.Id);
        files.DeleteAll(upload.Id);
        if (upload.MultipartUploadId is not { } multipartUploadId)
        {
            return;
        }

        try
        {
            await Store.AbortMultipartUploadAsync(new MultipartUpload(upload.StorageKey, multipartUploadId, upload.PartSize), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            TusLog.RemoveFailed(logger, e, upload.Id, multipartUploadId);
        }
    }
}
