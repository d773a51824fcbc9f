using Sage.Storage;

namespace Sage.Server.Uploads.Tus;

/// <summary>The creation-defer-length extension: a PATCH may carry Upload-Length, which is set once only.</summary>
public sealed partial class TusUploads
{
    private async Task<TusUpload> DeferredLengthAsync(TusUpload upload, long declared, CancellationToken cancellationToken)
    {
        if (upload.UploadLength is { } known)
        {
            return known == declared
                ? upload
                : throw TusProtocolException.BadRequest($"The upload's length is already {known} bytes; it cannot change.").WithUpload(upload);
        }

        if (declared < upload.UploadOffset || declared == 0)
        {
            throw TusProtocolException.BadRequest($"Upload-Length {declared} is less than the bytes already received ({upload.UploadOffset}), or zero.").WithUpload(upload);
        }

        if (declared > MaxSize)
        {
            throw TusProtocolException.TooLarge($"Upload-Length is larger than the maximum upload size of {MaxSize} bytes.").WithUpload(upload);
        }

        // The part size was fixed at creation, before the length was known.
        if (declared > upload.PartSize * StorageOptions.MaxParts)
        {
            throw TusProtocolException.TooLarge(
                $"An upload created without a length uses parts of {upload.PartSize} bytes, and {declared} bytes would need more than {StorageOptions.MaxParts} of them; create it with Upload-Length instead.")
                .WithUpload(upload);
        }

        if (!await uploads.SetLengthAsync(upload.Id, declared, cancellationToken).ConfigureAwait(false))
        {
            throw TusProtocolException.BadRequest("The upload's length was set by another request.").WithUpload(upload);
        }

        return upload with { UploadLength = declared };
    }
}
