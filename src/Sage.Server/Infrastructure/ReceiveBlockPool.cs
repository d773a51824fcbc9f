using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Sage.Server.Infrastructure;

/// <summary>
/// The memory pool Kestrel's connections read into, with blocks of <see cref="BlockSize"/> bytes
/// instead of Kestrel's 4 KiB. Kestrel receives into one pool block per socket read, so with 4 KiB
/// blocks a 1 GiB upload costs ~260,000 reads (twice as many syscalls: each read waits for data with
/// a zero-byte receive first) and as many wake-ups of the request's reader. With 64 KiB blocks it is
/// 16 times fewer; see bench/README.md (upload and tus sections) for what that bought.
/// </summary>
/// <remarks>
/// Returned blocks are kept for reuse, up to <see cref="MaxFreeBlocks"/> (16 MiB); beyond that they are
/// left to the GC. Without keeping them, five uploads at once allocated a block per read and the GC heap
/// grew by ~100 MiB. An idle keep-alive connection holds none (Kestrel waits for data before it takes one).
/// </remarks>
public sealed class ReceiveBlockPoolFactory(ILogger<ReceiveBlockPoolFactory> logger) : IMemoryPoolFactory<byte>
{
    /// <summary>The size of every block: the most a loopback TCP segment carries.</summary>
    public const int BlockSize = 64 * 1024;

    /// <summary>The most free blocks a pool keeps for reuse.</summary>
    public const int MaxFreeBlocks = 256;

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        ReceiveBlockPoolLog.Created(logger, options?.Owner ?? "unnamed", BlockSize);
        return new ReceiveBlockPool();
    }

    private sealed class ReceiveBlockPool : MemoryPool<byte>
    {
        private readonly ConcurrentQueue<Block> _free = new();
        private int _freeCount;

        public override int MaxBufferSize => BlockSize;

        public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
            if (_free.TryDequeue(out var block))
            {
                Interlocked.Decrement(ref _freeCount);
            }
            else
            {
                block = new Block(this);
            }

            block.Lend();
            return block;
        }

        public void Return(Block block)
        {
            if (Interlocked.Increment(ref _freeCount) <= MaxFreeBlocks)
            {
                _free.Enqueue(block);
            }
            else
            {
                Interlocked.Decrement(ref _freeCount);
            }
        }

        protected override void Dispose(bool disposing) => _free.Clear();
    }

    private sealed class Block(ReceiveBlockPool pool) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(BlockSize);
        private int _lent;

        public Memory<byte> Memory => Volatile.Read(ref _lent) == 1 ? _array : throw new ObjectDisposedException(nameof(Block));

        public void Lend() => Volatile.Write(ref _lent, 1);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _lent, 0) == 1)
            {
                pool.Return(this);
            }
        }
    }
}

public static class ReceiveBlockPoolServiceCollectionExtensions
{
    /// <summary>
    /// Kestrel's connections read into <see cref="ReceiveBlockPoolFactory"/>'s blocks. Kestrel resolves the
    /// last <see cref="IMemoryPoolFactory{T}"/> registered, so this must come after Kestrel's own
    /// (WebApplication.CreateBuilder registers Kestrel first).
    /// </summary>
    public static IServiceCollection AddReceiveBlockPool(this IServiceCollection services)
    {
        services.RemoveAll<IMemoryPoolFactory<byte>>();
        return services.AddSingleton<IMemoryPoolFactory<byte>, ReceiveBlockPoolFactory>();
    }
}

internal static partial class ReceiveBlockPoolLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Debug, Message = "Kestrel memory pool for {Owner}: connections receive into blocks of {BlockSize} bytes")]
    public static partial void Created(ILogger logger, string owner, int blockSize);
}
