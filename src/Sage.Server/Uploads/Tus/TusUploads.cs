using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Sage.Server.Events;
using Sage.Server.Jobs;
using Sage.Server.Videos;
using Sage.Storage;

namespace Sage.Server.Uploads.Tus;

/// <summary>
/// The tus uploads: what HEAD, PATCH, POST and DELETE do, apart from HTTP. This file is the core
/// protocol (offsets and PATCH); each extension sits in a partial file of its own.
/// </summary>
/// <remarks>
/// A PATCH streams pending bytes + body through <see cref="MultipartUploader"/> (the form upload's
/// buffer budget and retries). Each part is recorded the moment the store has it; bytes that do not
/// fill a part stay pending (in place on the file store, in the pending file for S3). So the offset is
/// always (contiguous parts) + (pending bytes), both in the database.
/// </remarks>
public sealed partial class TusUploads(
    TusUploadStore uploads,
    MultipartUploader uploader,
    VideoPipeline pipeline,
    VideoCatalog videos,
    EventHub events,
    TusUploadLocks locks,
    TusPendingFiles files,
    TusContentHashes hashes,
    IOptions<TusOptions> tusOptions,
    IOptions<SageOptions> sageOptions,
    TimeProvider time,
    ILogger<TusUploads> logger)
{
    private IObjectStore Store => uploader.Store;

    /// <summary>Tus-Max-Size: the configured largest upload.</summary>
    public long MaxSize => sageOptions.Value.MaxUploadBytes;

    /// <summary>An upload that can still be talked about (active or completed); 404 or 410 otherwise.</summary>
    public async Task<TusUpload> GetAsync(Guid id, CancellationToken requestAborted)
    {
        var upload = await FindLiveAsync(id, requestAborted).ConfigureAwait(false);
        if (upload.Status == TusUploadStatus.Active && upload.IsComplete)
        {
            // Every byte arrived but the completion was cut short (a restart): finish it now, once.
            using var lease = await locks.TryAcquireAsync(id, tusOptions.Value.TakeOverTimeout, requestAborted, requestAborted).ConfigureAwait(false);
            if (lease is not null)
            {
                upload = await FindLiveAsync(id, requestAborted).ConfigureAwait(false);
                if (upload.Status == TusUploadStatus.Active && upload.IsComplete)
                {
                    upload = await CompleteAsync(upload, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }

        return upload;
    }

    /// <summary>Any upload, tombstones included; null when unknown. For the JSON status route.</summary>
    public Task<TusUpload?> FindAsync(Guid id, CancellationToken cancellationToken) => uploads.FindAsync(id, cancellationToken);

    /// <summary>PATCH: appends <paramref name="body"/> at <see cref="TusWrite.Offset"/>.</summary>
    /// <exception cref="TusProtocolException">404, 409, 410, 400, 413, 423, 460.</exception>
    /// <exception cref="UploadRejectedException">The first bytes are no video container (the upload is ended).</exception>
    public async Task<TusUpload> WriteAsync(TusWrite write, Stream body, CancellationToken requestAborted)
    {
        var id = write.UploadId;
        using var lease = await locks.TryAcquireAsync(id, tusOptions.Value.TakeOverTimeout, requestAborted, requestAborted).ConfigureAwait(false);
        if (lease is null)
        {
            var busy = await FindLiveAsync(id, requestAborted).ConfigureAwait(false);
            throw TusProtocolException.Locked().WithUpload(busy);
        }

        // Read under the lock: a request we took over from may have moved the offset.
        var upload = await FindLiveAsync(id, requestAborted).ConfigureAwait(false);
        if (upload.Status == TusUploadStatus.Completed)
        {
            return WriteToCompleted(upload, write);
        }

        if (write.Offset != upload.UploadOffset)
        {
            throw TusProtocolException.OffsetMismatch(upload.UploadOffset, write.Offset).WithUpload(upload);
        }

        if (write.UploadLength is { } declared)
        {
            upload = await DeferredLengthAsync(upload, declared, requestAborted).ConfigureAwait(false);
        }

        var room = (upload.UploadLength ?? MaxSize) - upload.UploadOffset;
        var current = upload;
        Func<Exception> overflow = upload.UploadLength is null
            ? () => TusProtocolException.TooLarge($"The upload would pass the maximum upload size of {MaxSize} bytes.").WithUpload(current)
            : () => TusProtocolException.BadRequest($"The body would pass Upload-Length ({current.UploadLength} bytes); nothing beyond it is kept.").WithUpload(current);
        if (write.ContentLength > room)
        {
            throw overflow();
        }

        if (write.ContentLength != 0)
        {
            upload = await AppendAsync(upload, write, body, room, overflow, requestAborted).ConfigureAwait(false);
            events.Publish(SageEventTypes.UploadProgress, new { id, offset = upload.UploadOffset, length = upload.UploadLength });
        }

        // Past this point the bytes are ours: a client that leaves does not stop the video being made.
        return upload.IsComplete ? await CompleteAsync(upload, CancellationToken.None).ConfigureAwait(false) : upload;
    }

    private async Task<TusUpload> AppendAsync(TusUpload upload, TusWrite write, Stream body, long room, Func<Exception> overflow, CancellationToken cancellationToken)
    {
        var id = upload.Id;
        FileStream? verifiedChunk = null;
        IncrementalHash? sha256 = null;
        OffloadedHash? hashing = null;
        try
        {
            var newBytes = body;
            var newLength = write.ContentLength;
            if (write.Checksum is { } checksum)
            {
                verifiedChunk = await BufferVerifiedChunkAsync(upload, checksum, body, room, overflow, cancellationToken).ConfigureAwait(false);
                newBytes = verifiedChunk;
                newLength = verifiedChunk.Length;
            }

            var peeked = await CheckContainerAsync(upload, newBytes, cancellationToken).ConfigureAwait(false);
            sha256 = await hashes.TakeAsync(id, upload.UploadOffset).ConfigureAwait(false);
            hashing = sha256 is null ? null : new OffloadedHash(sha256);
            var chunk = new VerifyingReadStream(peeked, newBytes, room, hashing, overflow);
            var endsObject = upload.UploadLength is { } length && newLength is { } n && upload.UploadOffset + n == length;
            var before = upload.UploadOffset;
            var started = time.GetTimestamp();
            try
            {
                upload = await RunPartsAsync(upload, chunk, endsObject, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectTooLargeException e)
            {
                // A deferred length that outgrew 10,000 parts of the size chosen at creation: it can never complete.
                await FailAsync(upload, e.Message).ConfigureAwait(false);
                throw TusProtocolException.TooLarge(e.Message);
            }
            catch (Exception e)
            {
                var after = await uploads.FindAsync(id, CancellationToken.None).ConfigureAwait(false);
                CutBackToRecorded(after);
                var reason = e.GetType().Name;
                TusLog.PatchInterrupted(logger, id, before, after?.UploadOffset ?? before, reason);
                throw;
            }

            var partsMilliseconds = (long)time.GetElapsedTime(started).TotalMilliseconds;
            TusLog.Patched(logger, id, before, upload.UploadOffset, upload.PendingBytes, partsMilliseconds);
            if (hashing is not null && sha256 is not null && before + chunk.BytesRead == upload.UploadOffset)
            {
                // Handed back still settling: the answer does not wait for the last blocks to be hashed.
                hashes.Return(id, SettleAsync(id, hashing, sha256), upload.UploadOffset);
                hashing = null;
                sha256 = null;
            }

            return upload;
        }
        finally
        {
            if (hashing is not null)
            {
                await hashing.DisposeAsync().ConfigureAwait(false);
            }

            sha256?.Dispose();
            if (verifiedChunk is not null)
            {
                await verifiedChunk.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The hash once every byte appended to it is in; null (and the hash dropped) if hashing failed.</summary>
    private async Task<IncrementalHash?> SettleAsync(Guid id, OffloadedHash hashing, IncrementalHash sha256)
    {
        Exception? failure = null;
        try
        {
            await hashing.FinishAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
        }

        await hashing.DisposeAsync().ConfigureAwait(false);
        if (failure is null)
        {
            return sha256;
        }

        sha256.Dispose();
        TusLog.HashDropped(logger, id, failure);
        return null;
    }

    /// <summary>
    /// Streams pending bytes + <paramref name="chunk"/> into whole parts. Bytes that do not fill a part stay
    /// pending: on the file store they are written in place as the start of their part, where the next run
    /// resumes it (every byte written once); on S3 they go to the next pending file, which replaces the pending
    /// file only after the run, since the run itself reads the old one.
    /// </summary>
    private async Task<TusUpload> RunPartsAsync(TusUpload upload, Stream chunk, bool endsObject, CancellationToken cancellationToken)
    {
        var id = upload.Id;
        var multipart = await EnsureMultipartUploadAsync(upload, cancellationToken).ConfigureAwait(false);
        var ledger = new PartLedger(upload);
        PartRunResult run;
        if (KeepsPendingInPlace(upload))
        {
            run = await uploader.UploadPartsInPlaceAsync(
                multipart, chunk, ledger.NextPartNumber, upload.PendingBytes, endsObject, (part, _) => RecordPartAsync(upload, ledger, part), cancellationToken)
                .ConfigureAwait(false);
        }
        else
        {
            run = await RunPartsWithPendingFileAsync(upload, multipart, ledger, chunk, endsObject, cancellationToken).ConfigureAwait(false);
        }

        var offset = ledger.ContiguousBytes + run.RemainderBytes;
        if (ledger.Recorded is { } recorded && recorded.Offset == offset && recorded.PendingBytes == run.RemainderBytes)
        {
            // The PATCH ended on a part boundary: recording its last part saved this progress already.
            return upload with { UploadOffset = offset, PendingBytes = 0, MultipartUploadId = multipart.UploadId, ExpiresAt = recorded.ExpiresAt, UpdatedAt = recorded.At };
        }

        var (expiresAt, now) = NextExpiry();
        await uploads.SaveProgressAsync(id, offset, run.RemainderBytes, expiresAt, now, CancellationToken.None).ConfigureAwait(false);
        return upload with { UploadOffset = offset, PendingBytes = run.RemainderBytes, MultipartUploadId = multipart.UploadId, ExpiresAt = expiresAt, UpdatedAt = now };
    }

    /// <summary>
    /// True when the upload's pending bytes are (to be) kept in place in the store. Not when a pending file
    /// holds them: an upload begun by an earlier version keeps its file until it completes.
    /// </summary>
    /// <summary>
    /// After a failed PATCH, the file store's upload holds exactly what the database recorded: what the failed
    /// request wrote past it is given back at once (on a full disk, that is the room the next request needs).
    /// </summary>
    private void CutBackToRecorded(TusUpload? recorded)
    {
        if (recorded is { MultipartUploadId: { } uploadId } && KeepsPendingInPlace(recorded) && Store is IInPlacePartStore inPlace)
        {
            inPlace.CutBack(new MultipartUpload(recorded.StorageKey, uploadId, recorded.PartSize), recorded.UploadOffset);
        }
    }

    private bool KeepsPendingInPlace(TusUpload upload) =>
        uploader.KeepsRemaindersInPlace && !(upload.PendingBytes > 0 && files.HasPending(upload.Id));

    private async Task<PartRunResult> RunPartsWithPendingFileAsync(
        TusUpload upload, MultipartUpload multipart, PartLedger ledger, Stream chunk, bool endsObject, CancellationToken cancellationToken)
    {
        var id = upload.Id;
        PartRunResult run;
        await using (var pending = files.OpenPending(id, upload.PendingBytes))
        {
            var next = endsObject ? null : files.CreateNextPending(id);
            try
            {
                run = await uploader.UploadPartsAsync(
                    multipart,
                    new TusPatchSourceStream(pending, upload.PendingBytes, chunk),
                    ledger.NextPartNumber,
                    endsObject,
                    (part, _) => RecordPartAsync(upload, ledger, part),
                    next,
                    cancellationToken).ConfigureAwait(false);
                if (next is not null)
                {
                    // Into the page cache, which outlives a killed process. No fsync: it cost an ext4 journal
                    // commit per PATCH (1 GiB in 10 MiB chunks: 5.4 s instead of 3.2 s), and the database it
                    // would be ordered against commits with synchronous=NORMAL anyway.
                    await next.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                if (next is not null)
                {
                    await next.DisposeAsync().ConfigureAwait(false);
                    files.DeleteNextPending(id);
                }

                throw;
            }

            if (next is not null)
            {
                await next.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (run.RemainderBytes > 0)
        {
            files.PromoteNextPending(id);
        }
        else
        {
            // Nothing pending: no file either (so a file store goes on with its pending bytes in place).
            files.DeleteNextPending(id);
            files.DeletePending(id);
        }

        return run;
    }

    private async ValueTask RecordPartAsync(TusUpload upload, PartLedger ledger, UploadedPart part)
    {
        ledger.Land(part);
        var (expiresAt, now) = NextExpiry();

        // Not the request's token: a part the store has must be recorded even if the client just left.
        await uploads.RecordPartAsync(upload.Id, part, ledger.Offset, ledger.PendingBytes, expiresAt, now, CancellationToken.None).ConfigureAwait(false);
        ledger.Recorded = new RecordedProgress(ledger.Offset, ledger.PendingBytes, expiresAt, now);
    }

    private async Task<MultipartUpload> EnsureMultipartUploadAsync(TusUpload upload, CancellationToken cancellationToken)
    {
        if (upload.MultipartUploadId is { } uploadId)
        {
            return new MultipartUpload(upload.StorageKey, uploadId, upload.PartSize);
        }

        var created = await Store.CreateMultipartUploadAsync(
            upload.StorageKey, new ObjectMetadata(upload.FileName, upload.ContentType, upload.CreatedAt), upload.PartSize, cancellationToken).ConfigureAwait(false);
        await uploads.SetMultipartUploadAsync(upload.Id, created.UploadId, CancellationToken.None).ConfigureAwait(false);
        return created;
    }

    /// <summary>
    /// Until the first bytes have been seen to be a known container, peeks at the new bytes (the
    /// pending ones count too) and refuses anything else: 415, and the upload ends with nothing kept.
    /// Returns the peeked bytes, to be replayed.
    /// </summary>
    private async Task<ReadOnlyMemory<byte>> CheckContainerAsync(TusUpload upload, Stream newBytes, CancellationToken cancellationToken)
    {
        var needed = (int)Math.Min(ContainerSignature.PrefixLength, upload.UploadLength ?? ContainerSignature.PrefixLength);
        if (upload.PrefixChecked != 0 || upload.UploadOffset >= needed)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        // Below the prefix length every byte so far is pending (a part is at least 5 MiB).
        var prefix = new byte[needed];
        var have = (int)upload.PendingBytes;
        await ReadPendingAsync(upload, prefix.AsMemory(0, have), cancellationToken).ConfigureAwait(false);

        var peeked = await newBytes.ReadAtLeastAsync(prefix.AsMemory(have), needed - have, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (have + peeked == needed)
        {
            if (ContainerSignature.Detect(prefix) is null)
            {
                var rejected = UploadRejectedException.UnknownContainer();
                await FailAsync(upload, rejected.Message).ConfigureAwait(false);
                throw rejected;
            }

            await uploads.MarkPrefixCheckedAsync(upload.Id, cancellationToken).ConfigureAwait(false);
        }

        return prefix.AsMemory(have, peeked);
    }

    /// <summary>Reads the upload's pending bytes (all of them: <paramref name="into"/> is that long), wherever they are kept.</summary>
    private async Task ReadPendingAsync(TusUpload upload, Memory<byte> into, CancellationToken cancellationToken)
    {
        if (into.IsEmpty)
        {
            return;
        }

        if (KeepsPendingInPlace(upload) && Store is IInPlacePartStore inPlace && upload.MultipartUploadId is { } uploadId)
        {
            var partNumber = new PartLedger(upload).NextPartNumber;
            using var part = inPlace.OpenPart(new MultipartUpload(upload.StorageKey, uploadId, upload.PartSize), partNumber);
            await part.ResumeAsync(into, cancellationToken).ConfigureAwait(false);
            return;
        }

        await using var pending = files.OpenPending(upload.Id, upload.PendingBytes);
        await pending.ReadExactlyAsync(into, cancellationToken).ConfigureAwait(false);
    }

    private static TusUpload WriteToCompleted(TusUpload upload, TusWrite write)
    {
        if (write.Offset != upload.UploadOffset)
        {
            throw TusProtocolException.OffsetMismatch(upload.UploadOffset, write.Offset).WithUpload(upload);
        }

        if (write.ContentLength is not 0)
        {
            throw TusProtocolException.BadRequest("The upload is complete; it takes no more bytes.").WithUpload(upload);
        }

        return upload;
    }

    /// <summary>The upload, unless it is unknown (404) or gone (410: terminated, expired, failed, or idle past its expiry).</summary>
    private async Task<TusUpload> FindLiveAsync(Guid id, CancellationToken cancellationToken)
    {
        var upload = await uploads.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw TusProtocolException.NotFound(id);
        var gone = upload.Status is TusUploadStatus.Terminated or TusUploadStatus.Expired or TusUploadStatus.Failed
            || (upload.Status == TusUploadStatus.Active && upload.ExpiresAt <= time.GetUtcNow());
        return gone ? throw TusProtocolException.Gone(upload).WithUpload(upload) : upload;
    }

    private (DateTimeOffset ExpiresAt, DateTimeOffset Now) NextExpiry()
    {
        var now = time.GetUtcNow();
        return (now + tusOptions.Value.Expiry, now);
    }

    /// <summary>The offset, pending count and expiry that recording a part saved.</summary>
    private sealed record RecordedProgress(long Offset, long PendingBytes, DateTimeOffset ExpiresAt, DateTimeOffset At);

    /// <summary>
    /// The parts of one run as they land (out of order): the offset moves only over parts contiguous
    /// from part 1. The part after the last whole one starts with the pending bytes, so once it lands
    /// nothing is pending any more.
    /// </summary>
    private sealed class PartLedger(TusUpload upload)
    {
        private readonly Dictionary<int, long> _landed = [];
        private int _nextContiguous = checked((int)((upload.UploadOffset - upload.PendingBytes) / upload.PartSize)) + 1;

        public int NextPartNumber { get; } = checked((int)((upload.UploadOffset - upload.PendingBytes) / upload.PartSize)) + 1;

        public long ContiguousBytes { get; private set; } = upload.UploadOffset - upload.PendingBytes;

        public long PendingBytes { get; private set; } = upload.PendingBytes;

        public long Offset => ContiguousBytes + PendingBytes;

        /// <summary>The progress the last recorded part wrote to the database, if any part was recorded.</summary>
        public RecordedProgress? Recorded { get; set; }

        public void Land(UploadedPart part)
        {
            _landed[part.PartNumber] = part.Size;
            while (_landed.Remove(_nextContiguous, out var size))
            {
                ContiguousBytes += size;
                PendingBytes = 0;
                _nextContiguous++;
            }
        }
    }
}
