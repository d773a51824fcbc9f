using System.Security.Cryptography;
using System.Threading.Channels;
using Sage.Server.Uploads;

namespace Sage.Server.Tests;

public sealed class OffloadedHashTests
{
    [Fact]
    public async Task Hashes_Every_Byte_In_Order_Across_Blocks()
    {
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 12_345);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var hashing = new OffloadedHash(sha256);

        // Uneven appends, crossing the 512 KiB blocks anywhere, as network reads do.
        var sizes = new[] { 1, 65_536, 524_287, 2, 700_000, 13 };
        var offset = 0;
        for (var i = 0; offset < bytes.Length; i++)
        {
            var take = Math.Min(sizes[i % sizes.Length], bytes.Length - offset);
            await hashing.AppendAsync(bytes.AsMemory(offset, take), CancellationToken.None);
            offset += take;
        }

        await hashing.FinishAsync(CancellationToken.None);

        Assert.Equal(SHA256.HashData(bytes), sha256.GetHashAndReset());
    }

    [Fact]
    public async Task A_Hash_That_Fails_Fails_The_Appends_Instead_Of_Leaving_Them_Waiting()
    {
        var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha256.Dispose();
        await using var hashing = new OffloadedHash(sha256);

        // 8 MiB is more blocks than the queue holds: with nobody hashing them, this would wait for ever.
        var append = Task.Run(async () =>
        {
            for (var i = 0; i < 16; i++)
            {
                await hashing.AppendAsync(new byte[512 * 1024], CancellationToken.None);
            }

            await hashing.FinishAsync(CancellationToken.None);
        });

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => append.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.IsType<ObjectDisposedException>(failure is ChannelClosedException closed ? closed.InnerException : failure);
    }

    [Fact]
    public async Task Nothing_Appended_Is_The_Hash_Of_Nothing()
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var hashing = new OffloadedHash(sha256))
        {
            await hashing.FinishAsync(CancellationToken.None);
        }

        Assert.Equal(SHA256.HashData([]), sha256.GetHashAndReset());
    }

    [Fact]
    public async Task Disposed_Unfinished_It_Lets_Go_Of_The_Hash()
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var hashing = new OffloadedHash(sha256);
        await hashing.AppendAsync(new byte[3_000_000], CancellationToken.None);

        await hashing.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        // Nothing touches the hash any more: it can be used (or disposed) at once.
        sha256.AppendData([1]);
    }

    [Fact]
    public async Task A_Cancelled_Append_Throws_Once_It_Queues_A_Block()
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var hashing = new OffloadedHash(sha256);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // 1 MiB fills a whole block, which goes to the queue: that refuses a cancelled token.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hashing.AppendAsync(new byte[1024 * 1024], cancelled.Token).AsTask());
    }
}
