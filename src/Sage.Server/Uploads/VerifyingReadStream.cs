using Sage.Storage;

namespace Sage.Server.Uploads;

/// <summary>
/// A forward-only read stream over an upload body (a form section or a tus PATCH) that first
/// replays the bytes already read to check the container, feeds every byte to a running SHA-256
/// (hashed on another core: <see cref="OffloadedHash"/>), and never reads past the bytes the upload
/// may still take: one byte more is asked for at most, so an overlong body is noticed (the
/// caller's exception) instead of silently cut.
/// </summary>
public sealed class VerifyingReadStream(ReadOnlyMemory<byte> prefix, Stream inner, long maxBytes, OffloadedHash? sha256, Func<Exception> overflow) : ReadOnlyStream
{
    private ReadOnlyMemory<byte> _prefix = prefix;
    private long _bytesRead;

    public override long BytesRead => _bytesRead;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        if (!_prefix.IsEmpty)
        {
            read = Math.Min(buffer.Length, _prefix.Length);
            _prefix[..read].CopyTo(buffer);
            _prefix = _prefix[read..];
        }
        else
        {
            var room = (int)Math.Min(buffer.Length, maxBytes - _bytesRead + 1);
            read = await inner.ReadAsync(buffer[..room], cancellationToken).ConfigureAwait(false);
        }

        if (_bytesRead + read > maxBytes)
        {
            throw overflow();
        }

        _bytesRead += read;
        if (sha256 is not null)
        {
            await sha256.AppendAsync(buffer[..read], cancellationToken).ConfigureAwait(false);
        }

        return read;
    }
}
