using Sage.Server.Events;
using Sage.Storage;

namespace Sage.Server.Uploads.Tus;

/// <summary>The creation extension (POST), with creation-defer-length's choice of no length yet.</summary>
public sealed partial class TusUploads
{
    /// <summary>
    /// Creates an upload: checks size and type, picks the video id and object key, and opens the
    /// multipart upload at once, so the first PATCH only streams.
    /// </summary>
    /// <param name="uploadLength">Null when deferred.</param>
    /// <exception cref="TusProtocolException">400 (empty), 413 (too large).</exception>
    /// <exception cref="UploadRejectedException">415: the metadata names no video type.</exception>
    public async Task<TusUpload> CreateAsync(long? uploadLength, TusMetadata metadata, string? ownerTokenId, CancellationToken cancellationToken)
    {
        if (uploadLength > MaxSize)
        {
            throw TusProtocolException.TooLarge($"Upload-Length is larger than the maximum upload size of {MaxSize} bytes.");
        }

        if (uploadLength == 0)
        {
            throw TusProtocolException.BadRequest("The file is empty.");
        }

        var fileName = VideoIngest.DisplayName(metadata.GetText("filename"));
        var fileType = metadata.GetText("filetype");
        var contentType = VideoContentType.Resolve(fileType, fileName) ?? throw UploadRejectedException.NotAVideoType(fileType);

        long partSize;
        try
        {
            partSize = uploader.PartSizeFor(uploadLength);
        }
        catch (ObjectTooLargeException e)
        {
            throw TusProtocolException.TooLarge(e.Message);
        }

        if (uploadLength is { } length)
        {
            uploader.EnsureRoomFor(length);
        }

        var now = time.GetUtcNow();
        var videoId = Guid.CreateVersion7();
        var key = ObjectKeys.ForVideo(videoId, fileName);
        var multipart = await Store.CreateMultipartUploadAsync(key, new ObjectMetadata(fileName, contentType, now), partSize, cancellationToken).ConfigureAwait(false);
        var upload = new TusUpload(
            Guid.CreateVersion7(), TusUploadStatus.Active, uploadLength, UploadOffset: 0, partSize, PendingBytes: 0, metadata.Encode(), fileName, contentType,
            videoId, key, multipart.UploadId, PrefixChecked: 0, now + tusOptions.Value.Expiry, Error: null, now, now, ownerTokenId);
        try
        {
            await uploads.InsertAsync(upload, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await Store.AbortMultipartUploadAsync(multipart, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        TusLog.Created(logger, upload.Id, videoId, fileName, contentType, uploadLength, partSize);
        events.Publish(SageEventTypes.UploadCreated, new { id = upload.Id, filename = fileName, length = uploadLength, offset = 0L });
        return upload;
    }
}
