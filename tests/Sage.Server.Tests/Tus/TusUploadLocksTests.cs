using Microsoft.Extensions.Logging.Abstractions;
using Sage.Server.Uploads.Tus;

namespace Sage.Server.Tests.Tus;

/// <summary>One writer per upload: a live holder means 423; a holder whose client is gone is taken over.</summary>
public sealed class TusUploadLocksTests
{
    private readonly TusUploadLocks _locks = new(NullLogger<TusUploadLocks>.Instance);

    [Fact]
    public async Task A_Second_Writer_Is_Refused_While_The_First_Is_Alive()
    {
        var id = Guid.NewGuid();
        using var first = await _locks.TryAcquireAsync(id, TimeSpan.FromSeconds(5), CancellationToken.None, CancellationToken.None);

        var second = await _locks.TryAcquireAsync(id, TimeSpan.FromSeconds(5), CancellationToken.None, CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(second);
    }

    [Fact]
    public async Task A_Second_Writer_Takes_Over_When_The_First_Ones_Client_Is_Gone()
    {
        var id = Guid.NewGuid();
        using var aborted = new CancellationTokenSource();
        var first = await _locks.TryAcquireAsync(id, TimeSpan.FromSeconds(5), aborted.Token, CancellationToken.None);
        await aborted.CancelAsync();

        var second = _locks.TryAcquireAsync(id, TimeSpan.FromSeconds(5), CancellationToken.None, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(second.IsCompleted, "the take-over waits for the dead request to let go");
        first!.Dispose();

        using var lease = await second;
        Assert.NotNull(lease);
    }

    [Fact]
    public async Task A_Dead_Writer_That_Never_Lets_Go_Means_423_After_The_Timeout()
    {
        var id = Guid.NewGuid();
        using var aborted = new CancellationTokenSource();
        using var first = await _locks.TryAcquireAsync(id, TimeSpan.FromSeconds(5), aborted.Token, CancellationToken.None);
        await aborted.CancelAsync();

        var second = await _locks.TryAcquireAsync(id, TimeSpan.FromMilliseconds(200), CancellationToken.None, CancellationToken.None);

        Assert.Null(second);
    }
}
