namespace Sage.Server.Uploads.Tus;

/// <summary>
/// The checksum extension. A chunk must not reach the store before its checksum is known to match
/// (parts cannot be taken back without losing the ones before them), so a checksummed body is first
/// written to a chunk file while it is hashed; only a verified chunk is then streamed on. On a
/// mismatch the file is dropped: 460, and the offset has not moved. The price is one extra disk
/// write and read of each checksummed chunk; bodies without Upload-Checksum stream straight through.
/// </summary>
public sealed partial class TusUploads
{
    private async Task<FileStream> BufferVerifiedChunkAsync(TusUpload upload, TusChecksum checksum, Stream body, long room, Func<Exception> overflow, CancellationToken cancellationToken)
    {
        var chunk = files.CreateChunk(upload.Id);
        try
        {
            using var hash = checksum.CreateHash();
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(128 * 1024);
            try
            {
                long total = 0;
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > room)
                    {
                        throw overflow();
                    }

                    hash.AppendData(buffer, 0, read);
                    await chunk.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }

            if (!hash.GetHashAndReset().AsSpan().SequenceEqual(checksum.Digest))
            {
                throw new TusProtocolException(
                    TusProtocolException.ChecksumMismatch,
                    "Checksum mismatch",
                    $"The body does not match its {checksum.Algorithm} Upload-Checksum; it was discarded.").WithUpload(upload);
            }

            chunk.Position = 0;
            return chunk;
        }
        catch
        {
            await chunk.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
