using System.Diagnostics;
using System.Security.Cryptography;
using Sage.Server.Events;
using Sage.Server.Videos;
using Sage.Storage;

namespace Sage.Server.Uploads.Tus;

/// <summary>
/// The last byte has arrived: the parts become the object and the object becomes a video, exactly
/// as a form upload's does (same record, same SHA-256, same pipeline). Every step can be repeated,
/// so a completion cut short by a restart is finished by the next HEAD or PATCH.
/// </summary>
public sealed partial class TusUploads
{
    private async Task<TusUpload> CompleteAsync(TusUpload upload, CancellationToken cancellationToken)
    {
        var length = upload.UploadLength!.Value;
        var multipart = new MultipartUpload(upload.StorageKey, upload.MultipartUploadId!, upload.PartSize);
        if (upload.PendingBytes > 0)
        {
            // A body without Content-Length (or a deferred length) leaves its short last part pending.
            upload = await RunPartsAsync(upload, Stream.Null, endsObject: true, cancellationToken).ConfigureAwait(false);
        }

        var partCount = (int)((length + upload.PartSize - 1) / upload.PartSize);
        var parts = (await uploads.ListPartsAsync(upload.Id, cancellationToken).ConfigureAwait(false)).Where(p => p.PartNumber <= partCount).ToList();
        if (parts.Count != partCount || parts.Sum(p => p.Size) != length)
        {
            throw new InvalidOperationException($"Upload {upload.Id} is at its length but has {parts.Count} of {partCount} parts recorded.");
        }

        try
        {
            await Store.CompleteMultipartUploadAsync(multipart, parts, cancellationToken).ConfigureAwait(false);
        }
        catch (NoSuchUploadException)
        {
            // Completed already, by a process that stopped before it could say so? Then the object is whole.
            if (await Store.GetObjectAsync(upload.StorageKey, cancellationToken).ConfigureAwait(false) is not { } stored || stored.Size != length)
            {
                throw;
            }
        }

        // The stored type comes from the bytes, not from the client's filetype: read the prefix again (one small ranged read).
        var container = await DetectContainerAsync(upload, length, cancellationToken).ConfigureAwait(false);
        if (container is null)
        {
            var rejected = UploadRejectedException.UnknownContainer();
            await Store.DeleteObjectAsync(upload.StorageKey, CancellationToken.None).ConfigureAwait(false);
            await FailAsync(upload with { MultipartUploadId = null }, rejected.Message).ConfigureAwait(false);
            throw rejected;
        }

        var stopwatch = Stopwatch.StartNew();
        var sha256 = await hashes.FinishAsync(upload.Id, length).ConfigureAwait(false);
        var hashSource = "computed while streaming";
        if (sha256 is null)
        {
            sha256 = await ReadBackSha256Async(upload.StorageKey, cancellationToken).ConfigureAwait(false);
            hashSource = "read back from the store";
        }

        var hashMilliseconds = stopwatch.ElapsedMilliseconds;
        var video = new Video(upload.VideoId, upload.FileName, VideoContentType.ForContainer(container), length, sha256, upload.StorageKey, time.GetUtcNow(), VideoStatus.Uploaded, Error: null,
            OwnerTokenId: upload.OwnerTokenId);
        if (await videos.FindAsync(upload.VideoId, cancellationToken).ConfigureAwait(false) is null)
        {
            try
            {
                await pipeline.AddVideoAsync(video, preference: null, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await Store.DeleteObjectAsync(upload.StorageKey, CancellationToken.None).ConfigureAwait(false);
                await FailAsync(upload with { MultipartUploadId = null }, "The video could not be recorded: " + e.Message).ConfigureAwait(false);
                throw;
            }
        }

        var now = time.GetUtcNow();
        await uploads.MarkCompletedAsync(upload.Id, now, CancellationToken.None).ConfigureAwait(false);
        files.DeleteAll(upload.Id);
        TusLog.Completed(logger, upload.Id, upload.VideoId, length, hashSource, hashMilliseconds);
        events.Publish(SageEventTypes.UploadCompleted, new { id = upload.Id, videoId = upload.VideoId, filename = upload.FileName, size = length });
        return upload with { Status = TusUploadStatus.Completed, UploadOffset = length, PendingBytes = 0, UpdatedAt = now };
    }

    private async Task<string> ReadBackSha256Async(string key, CancellationToken cancellationToken)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var content = await Store.OpenReadAsync(key, range: null, cancellationToken).ConfigureAwait(false);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1024 * 1024);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha256.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(sha256.GetHashAndReset());
    }

    private async Task<string?> DetectContainerAsync(TusUpload upload, long length, CancellationToken cancellationToken)
    {
        var prefix = new byte[(int)Math.Min(ContainerSignature.PrefixLength, length)];
        await using var content = await Store.OpenReadAsync(upload.StorageKey, new ByteRange(0, prefix.Length - 1), cancellationToken).ConfigureAwait(false);
        var read = await content.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return ContainerSignature.Detect(prefix.AsSpan(0, read));
    }
}
