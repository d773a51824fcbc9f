using System.Security.Cryptography;

namespace Sage.Server.Uploads.Tus;

/// <summary>
/// The new bytes of one PATCH, read forward only: first the bytes already peeked for the container
/// check, then the body. It feeds the upload's running SHA-256, and refuses to read past the bytes
/// the upload may still take (nothing beyond the declared length is ever handed to the store).
/// </summary>
public sealed class TusChunkStream(ReadOnlyMemory<byte> peeked, Stream inner, long maxBytes, IncrementalHash? sha256, Func<Exception> overflow) : Stream
{
    private ReadOnlyMemory<byte> _peeked = peeked;
    private long _bytesRead;

    public long BytesRead => _bytesRead;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        if (!_peeked.IsEmpty)
        {
            read = Math.Min(buffer.Length, _peeked.Length);
            _peeked[..read].CopyTo(buffer);
            _peeked = _peeked[read..];
        }
        else
        {
            // Ask for one byte more than allowed at most, so an overlong body is noticed, not truncated.
            var room = (int)Math.Min(buffer.Length, maxBytes - _bytesRead + 1);
            read = await inner.ReadAsync(buffer[..room], cancellationToken).ConfigureAwait(false);
        }

        if (_bytesRead + read > maxBytes)
        {
            throw overflow();
        }

        _bytesRead += read;
        sha256?.AppendData(buffer.Span[..read]);
        return read;
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
        get => _bytesRead;
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
