using System.Buffers;
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
/// Blocks come from <see cref="ArrayPool{T}.Shared"/>, which caches and trims them; an idle
/// keep-alive connection holds none (Kestrel waits for data before it takes a block).
/// </remarks>
public sealed class ReceiveBlockPoolFactory(ILogger<ReceiveBlockPoolFactory> logger) : IMemoryPoolFactory<byte>
{
    /// <summary>The size of every block: the most a loopback TCP segment carries.</summary>
    public const int BlockSize = 64 * 1024;

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        ReceiveBlockPoolLog.Created(logger, options?.Owner ?? "unnamed", BlockSize);
        return new ReceiveBlockPool();
    }

    private sealed class ReceiveBlockPool : MemoryPool<byte>
    {
        public override int MaxBufferSize => BlockSize;

        public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
            return new Block(ArrayPool<byte>.Shared.Rent(BlockSize));
        }

        protected override void Dispose(bool disposing)
        {
        }
    }

    private sealed class Block(byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(Block));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } returned)
            {
                ArrayPool<byte>.Shared.Return(returned);
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
