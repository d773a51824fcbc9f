namespace Sage.Server.Uploads.Tus;

/// <summary>What a PATCH hands to the multipart uploader: the pending bytes, then the new bytes.</summary>
public sealed class TusPatchSourceStream(Stream pending, long pendingBytes, Stream chunk) : Stream
{
    private long _pendingLeft = pendingBytes;

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
            return read;
        }

        return await chunk.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
