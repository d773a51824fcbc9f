using System.Security.Cryptography;

namespace Sage.Server.Tests;

/// <summary>
/// A deterministic, generated "video" of any length: an MP4 <c>ftyp</c> box followed by
/// pseudo-random bytes. Nothing is held in memory, so tests can send gigabytes.
/// Optionally fails or stalls after a given number of bytes, to play a client that goes away.
/// </summary>
public sealed class FakeVideoStream(long length, int seed = 1, long? throwAfter = null) : Stream
{
    private static readonly byte[] FtypBox =
        [0x00, 0x00, 0x00, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m',
         0x00, 0x00, 0x02, 0x00, (byte)'i', (byte)'s', (byte)'o', (byte)'m', (byte)'m', (byte)'p', (byte)'4', (byte)'1'];

    private long _position;
    private ulong _state = (ulong)seed * 0x9E3779B97F4A7C15UL + 1;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (throwAfter is { } limit && _position >= limit)
        {
            throw new IOException("The fake client went away.");
        }

        var remaining = length - _position;
        if (throwAfter is { } stop)
        {
            remaining = Math.Min(remaining, stop - _position);
        }

        var count = (int)Math.Min(buffer.Length, remaining);
        for (var i = 0; i < count; i++)
        {
            var position = _position + i;
            if (position < FtypBox.Length)
            {
                buffer[i] = FtypBox[position];
                continue;
            }

            // xorshift64*: fast, and the same bytes for the same seed every time.
            _state ^= _state >> 12;
            _state ^= _state << 25;
            _state ^= _state >> 27;
            buffer[i] = (byte)((_state * 0x2545F4914F6CDD1DUL) >> 56);
        }

        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    /// <summary>The SHA-256 the server should report for this content.</summary>
    public static string Sha256Of(long length, int seed = 1)
    {
        using var stream = new FakeVideoStream(length, seed);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
