namespace Sage.Storage.Tests;

/// <summary>Reads one stream after another, as tus's pending tail followed by the next PATCH body.</summary>
internal sealed class ConcatenatedStream(params Stream[] streams) : Stream
{
    private int _current;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        while (_current < streams.Length)
        {
            var read = streams[_current].Read(buffer, offset, count);
            if (read > 0)
            {
                return read;
            }

            _current++;
        }

        return 0;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_current < streams.Length)
        {
            var read = await streams[_current].ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                return read;
            }

            _current++;
        }

        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
