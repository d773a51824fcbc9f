namespace Sage.Storage.Tests;

public sealed class PartBufferPoolTests
{
    private const int Size = 1024;

    [Fact]
    public async Task Rents_Wait_When_The_Budget_Is_Used_And_Resume_When_A_Buffer_Comes_Back()
    {
        var pool = new PartBufferPool(2 * Size);
        var first = await pool.RentAsync(Size, CancellationToken.None);
        var second = await pool.RentAsync(Size, CancellationToken.None);

        var third = pool.RentAsync(Size, CancellationToken.None).AsTask();

        Assert.False(third.IsCompleted);
        Assert.Equal(1, pool.WaitingCount);
        Assert.Equal(1, pool.RentsDelayed);
        pool.Return(first);
        var reused = await third;
        Assert.Same(first, reused); // reused, not allocated
        Assert.Equal(2 * Size, pool.HighWaterMark);
        Assert.Equal(2 * Size, pool.BytesAllocated);
        pool.Return(second);
        pool.Return(reused);
        Assert.Equal(0, pool.BytesInUse);
    }

    [Fact]
    public async Task A_Waiting_Rent_Can_Be_Cancelled_And_Does_Not_Block_Those_Behind_It()
    {
        var pool = new PartBufferPool(3 * Size);
        var held = await pool.RentAsync(2 * Size, CancellationToken.None);
        using var cancellation = new CancellationTokenSource();
        var big = pool.RentAsync(2 * Size, cancellation.Token).AsTask();
        var small = pool.RentAsync(Size, CancellationToken.None).AsTask();
        Assert.False(small.IsCompleted); // first come, first served: waits behind the big one

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => big);
        pool.Return(await small);
        pool.Return(held);
        Assert.Equal(0, pool.BytesInUse);
        Assert.Equal(0, pool.WaitingCount);
    }

    [Fact]
    public async Task Never_Allocates_Beyond_The_Budget_Under_Concurrent_Use()
    {
        var pool = new PartBufferPool(4 * Size);
        var workers = Enumerable.Range(0, 16).Select(async i =>
        {
            for (var n = 0; n < 200; n++)
            {
                var buffer = await pool.RentAsync(Size * (1 + ((i + n) % 2)), CancellationToken.None);
                Assert.InRange(pool.BytesAllocated, 0, 4 * Size);
                await Task.Yield();
                pool.Return(buffer);
            }
        });

        await Task.WhenAll(workers);

        Assert.InRange(pool.HighWaterMark, 2 * Size, 4 * Size);
        Assert.InRange(pool.BytesAllocated, 0, 4 * Size);
        Assert.Equal(0, pool.BytesInUse);
    }

    [Fact]
    public async Task A_Rent_Larger_Than_The_Whole_Budget_Fails_At_Once()
    {
        var pool = new PartBufferPool(Size);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await pool.RentAsync(Size + 1, CancellationToken.None));

        Assert.Contains("BufferBudgetBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Buffers_Of_Another_Size_Are_Dropped_To_Make_Room()
    {
        var pool = new PartBufferPool(2 * Size);
        pool.Return(await pool.RentAsync(Size, CancellationToken.None));
        pool.Return(await pool.RentAsync(Size, CancellationToken.None));

        var large = await pool.RentAsync(2 * Size, CancellationToken.None);

        Assert.Equal(2 * Size, large.Length);
        Assert.Equal(2 * Size, pool.BytesAllocated);
        pool.Return(large);
    }
}
