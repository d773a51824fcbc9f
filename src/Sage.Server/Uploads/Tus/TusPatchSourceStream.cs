using Sage.Storage;

namespace Sage.Server.Uploads.Tus;

/// <summary>What a PATCH hands to the multipart uploader: the pending bytes, then the new bytes.</summary>
public sealed class TusPatchSourceStream(Stream pending, long pendingBytes, Stream chunk) : ReadOnlyStream
{
    private long _pendingLeft = pendingBytes;
    private long _bytesRead;

    public override long BytesRead => _bytesRead;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_pendingLeft > 0)
        {
            var read = await pending.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _pendingLeft)], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException($"The pending file ended {_pendingLeft} bytes early.");
            }

            _pendingLeft -= read;
            _bytesRead += read;
            return read;
        }

        var fromChunk = await chunk.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _bytesRead += fromChunk;
        return fromChunk;
    }
}
