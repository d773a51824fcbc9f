using Sage.Server.Events;

namespace Sage.Server.Uploads.Tus;

/// <summary>
/// The expiration extension: uploads idle past Upload-Expires are ended and their parts removed; the
/// tombstones of ended uploads are forgotten after <see cref="TusOptions.EndedRetention"/>.
/// </summary>
public sealed partial class TusUploads
{
    private const int ExpiryBatch = 100;

    /// <summary>Ends every expired upload that no request is writing to; returns how many.</summary>
    public async Task<int> ExpireIdleAsync(CancellationToken cancellationToken)
    {
        var expired = 0;
        foreach (var candidate in await uploads.ListExpiredAsync(time.GetUtcNow(), ExpiryBatch, cancellationToken).ConfigureAwait(false))
        {
            // A request holding it is activity; and it cannot be taken over from (no client to lose).
            using var lease = await locks.TryAcquireAsync(candidate.Id, TimeSpan.Zero, CancellationToken.None, cancellationToken).ConfigureAwait(false);
            if (lease is null)
            {
                continue;
            }

            var upload = await uploads.FindAsync(candidate.Id, cancellationToken).ConfigureAwait(false);
            if (upload is not { Status: TusUploadStatus.Active } || upload.ExpiresAt > time.GetUtcNow())
            {
                continue;
            }

            await RemoveStoredAsync(upload).ConfigureAwait(false);
            await uploads.EndAsync(upload.Id, TusUploadStatus.Expired, "The upload expired before it was finished.", time.GetUtcNow(), CancellationToken.None)
                .ConfigureAwait(false);
            TusLog.Expired(logger, upload.Id, upload.UpdatedAt);
            events.Publish(SageEventTypes.UploadTerminated, new { id = upload.Id, reason = "expired" });
            expired++;
        }

        return expired;
    }

    /// <summary>Forgets uploads that ended longer ago than <see cref="TusOptions.EndedRetention"/>; they answer 404 from then on.</summary>
    public async Task<int> PurgeEndedAsync(CancellationToken cancellationToken)
    {
        var purged = await uploads.PurgeEndedAsync(time.GetUtcNow() - tusOptions.Value.EndedRetention, cancellationToken).ConfigureAwait(false);
        if (purged > 0)
        {
            TusLog.Purged(logger, purged, tusOptions.Value.EndedRetention);
        }

        return purged;
    }
}
