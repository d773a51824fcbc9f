using System.Buffers;
using System.Security.Cryptography;
using System.Threading.Channels;

namespace Sage.Server.Uploads;

/// <summary>
/// Feeds an <see cref="IncrementalHash"/> on another core while the request goes on reading: the
/// bytes are copied into small blocks and hashed in order by a task of their own. SHA-256 runs at
/// ~1.3 GB/s on one core, about as fast as a tus client sends: inline, it was ~40 % of a 10 MiB
/// PATCH (bench/README.md). Memory: at most <see cref="QueuedBlocks"/> + 2 blocks of <see cref="BlockBytes"/> (queued,
/// being filled, being hashed): 3 MiB.
/// </summary>
/// <remarks>Not thread-safe: one reader appends. Dispose before disposing the hash.</remarks>
public sealed class OffloadedHash : IAsyncDisposable
{
    private const int BlockBytes = 512 * 1024;
    private const int QueuedBlocks = 4;

    private readonly IncrementalHash _hash;
    private readonly Channel<(byte[] Block, int Length)> _blocks = Channel.CreateBounded<(byte[], int)>(
        new BoundedChannelOptions(QueuedBlocks) { SingleReader = true, SingleWriter = true });

    private readonly Task _hashing;
    private byte[]? _current;
    private int _currentLength;

    public OffloadedHash(IncrementalHash hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        _hash = hash;
        _hashing = Task.Run(HashBlocksAsync);
    }

    /// <summary>Copies <paramref name="bytes"/> into the queue; waits only while the queue is full.</summary>
    public async ValueTask AppendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            _current ??= ArrayPool<byte>.Shared.Rent(BlockBytes);
            var take = Math.Min(bytes.Length, BlockBytes - _currentLength);
            bytes[..take].CopyTo(_current.AsMemory(_currentLength));
            _currentLength += take;
            bytes = bytes[take..];
            if (_currentLength == BlockBytes)
            {
                await SendCurrentAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Returns once every appended byte is in the hash. Append nothing after this.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_currentLength > 0)
        {
            await SendCurrentAsync(cancellationToken).ConfigureAwait(false);
        }

        _blocks.Writer.TryComplete();
        await _hashing.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _blocks.Writer.TryComplete();
        await _hashing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (_blocks.Reader.TryRead(out var queued))
        {
            ArrayPool<byte>.Shared.Return(queued.Block);
        }

        if (_current is not null)
        {
            ArrayPool<byte>.Shared.Return(_current);
            _current = null;
        }
    }

    private async ValueTask SendCurrentAsync(CancellationToken cancellationToken)
    {
        await _blocks.Writer.WriteAsync((_current!, _currentLength), cancellationToken).ConfigureAwait(false);
        _current = null;
        _currentLength = 0;
    }

    private async Task HashBlocksAsync()
    {
        try
        {
            await foreach (var (block, length) in _blocks.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    _hash.AppendData(block, 0, length);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(block);
                }
            }
        }
        catch (Exception e)
        {
            // Nobody reads the queue any more: close it, so an append fails instead of waiting for room forever.
            _blocks.Writer.TryComplete(e);
            throw;
        }
    }
}
