using System.Security.Cryptography;

namespace Sage.Storage.Tests;

/// <summary>
/// A non-seekable source of pseudo-random bytes generated on the fly (nothing stored), which hashes
/// what it hands out. Can fail or cancel after a given number of bytes, as a disconnecting client would.
/// </summary>
internal sealed class PatternStream(long length, int seed = 1) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private ulong _state = (ulong)seed * 0x9E3779B97F4A7C15UL | 1;
    private long _position;

    /// <summary>Throw an IOException once this many bytes have been read.</summary>
    public long? FailAfter { get; init; }

    /// <summary>Cancel this source once this many bytes have been read.</summary>
    public (long After, CancellationTokenSource Source)? CancelAfter { get; init; }

    /// <summary>Largest chunk handed out per read, to look like a network body.</summary>
    public int MaxReadSize { get; init; } = 64 * 1024;

    public long BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>SHA-256 of everything read; valid once the stream has been read to its end.</summary>
    public byte[] Sha256 => _hash.GetCurrentHash();

    /// <summary>The bytes a fresh stream with these arguments produces, for small sizes.</summary>
    public static byte[] Bytes(long length, int seed = 1)
    {
        using var stream = new PatternStream(length, seed);
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (FailAfter is { } failAfter && _position >= failAfter)
        {
            throw new IOException("The client disconnected (injected).");
        }

        if (CancelAfter is { } cancel && _position >= cancel.After)
        {
            cancel.Source.Cancel();
        }

        var count = (int)Math.Min(Math.Min(buffer.Length, MaxReadSize), length - _position);
        if (count <= 0)
        {
            return 0;
        }

        var span = buffer[..count];
        for (var i = 0; i < span.Length; i++)
        {
            // xorshift64*: fast and incompressible enough.
            _state ^= _state >> 12;
            _state ^= _state << 25;
            _state ^= _state >> 27;
            span[i] = (byte)((_state * 0x2545F4914F6CDD1DUL) >> 56);
        }

        _hash.AppendData(span);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>A source that must never be read.</summary>
internal sealed class UnreadableStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => 0; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("The source was read.");

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The source was read.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
