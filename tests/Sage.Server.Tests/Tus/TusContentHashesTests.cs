using System.Security.Cryptography;
using Sage.Server.Uploads.Tus;

namespace Sage.Server.Tests.Tus;

/// <summary>The running SHA-256 of tus uploads, handed from PATCH to PATCH while it settles.</summary>
public sealed class TusContentHashesTests : IDisposable
{
    private readonly TusContentHashes _hashes = new();
    private readonly Guid _id = Guid.NewGuid();

    public void Dispose() => _hashes.Dispose();

    [Fact]
    public async Task The_First_Patch_Gets_A_New_Hash_And_A_Later_One_Without_A_Hash_Gets_None()
    {
        using var first = await _hashes.TakeAsync(_id, 0);

        Assert.NotNull(first);
        Assert.Null(await _hashes.TakeAsync(Guid.NewGuid(), 10));
    }

    [Fact]
    public async Task The_Next_Patch_Waits_For_The_Hash_To_Settle_And_Goes_On_With_It()
    {
        var hash = (await _hashes.TakeAsync(_id, 0))!;
        hash.AppendData("abc"u8);
        var settling = new TaskCompletionSource<IncrementalHash?>();

        _hashes.Return(_id, settling.Task, 3);
        var next = _hashes.TakeAsync(_id, 3);
        await Task.Delay(50);

        Assert.False(next.IsCompleted);
        hash.AppendData("def"u8);
        settling.SetResult(hash);
        var taken = await next;
        Assert.Same(hash, taken);
        _hashes.Return(_id, Task.FromResult(taken), 6);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("abcdef"u8)), await _hashes.FinishAsync(_id, 6));
    }

    [Fact]
    public async Task A_Hash_That_Failed_To_Settle_Is_None()
    {
        var hash = (await _hashes.TakeAsync(_id, 0))!;
        hash.Dispose();
        _hashes.Return(_id, Task.FromResult<IncrementalHash?>(null), 3);

        Assert.Null(await _hashes.TakeAsync(_id, 3));
        Assert.Null(await _hashes.FinishAsync(_id, 3));
    }

    [Fact]
    public async Task A_Hash_At_Another_Offset_Or_Length_Is_Dropped()
    {
        var hash = (await _hashes.TakeAsync(_id, 0))!;
        hash.AppendData("abc"u8);
        _hashes.Return(_id, Task.FromResult<IncrementalHash?>(hash), 3);

        // The upload moved on in another process (or a PATCH that failed to hash): this hash is not its bytes.
        Assert.Null(await _hashes.TakeAsync(_id, 5));
        Assert.Throws<ObjectDisposedException>(() => hash.AppendData("x"u8));

        var other = (await _hashes.TakeAsync(Guid.Empty, 0))!;
        _hashes.Return(Guid.Empty, Task.FromResult<IncrementalHash?>(other), 0);
        Assert.Null(await _hashes.FinishAsync(Guid.Empty, 1));
    }
}
