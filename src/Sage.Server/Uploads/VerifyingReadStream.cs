using System.Security.Cryptography;
using Sage.Storage;

namespace Sage.Server.Uploads;

/// <summary>
/// A forward-only read stream over the upload body that replays the bytes already read for
/// sniffing, hashes everything with SHA-256 as it passes, and stops the upload the moment it
/// crosses the size limit (so the client gets 413 without sending the rest).
/// </summary>
public sealed class VerifyingReadStream(ReadOnlyMemory<byte> prefix, Stream inner, long maxBytes) : ReadOnlyStream
{
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private ReadOnlyMemory<byte> _prefix = prefix;
    private long _bytesRead;

    public override long BytesRead => _bytesRead;

    /// <summary>Lower-case hex SHA-256 of every byte read so far; call once, at the end.</summary>
    public string GetSha256Hex() => Convert.ToHexStringLower(_sha256.GetHashAndReset());

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
            read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        _bytesRead += read;
        if (_bytesRead > maxBytes)
        {
            throw UploadRejectedException.TooLarge(maxBytes);
        }

        _sha256.AppendData(buffer.Span[..read]);
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sha256.Dispose();
        }

        base.Dispose(disposing);
    }
}
