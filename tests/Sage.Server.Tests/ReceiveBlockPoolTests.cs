using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Sage.Server.Infrastructure;
using Sage.Tests.Server;

namespace Sage.Server.Tests;

/// <summary>Kestrel's connections read into 64 KiB blocks (<see cref="ReceiveBlockPoolFactory"/>).</summary>
public sealed class ReceiveBlockPoolTests
{
    [Fact]
    public async Task Kestrel_Connections_Use_The_64_KiB_Pool()
    {
        using var server = new SageServerFactory(services: s => s.AddSingleton<IStartupFilter, PoolProbe>());
        using var client = server.CreateHttpClient();

        var maxBufferSize = await client.GetStringAsync("/__connection-pool");

        Assert.Equal((64 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), maxBufferSize);
    }

    [Fact]
    public async Task The_Server_Process_Receives_Into_64_KiB_Blocks()
    {
        // The real process, composed by Program.cs alone (the factory above re-applies the registration).
        var data = Directory.CreateTempSubdirectory("sage-pool-test-");
        try
        {
            using var server = await Tus.SageServerProcess.StartAsync(data.FullName, Tus.SageServerProcess.FreePort(), new Dictionary<string, string>
            {
                ["Logging:LogLevel:Sage.Server.Infrastructure"] = "Debug",
            });

            Assert.Contains("connections receive into blocks of 65536 bytes", server.Output, StringComparison.Ordinal);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(64 * 1024)]
    public void Every_Block_Is_Whole_Whatever_Was_Asked(int minBufferSize)
    {
        using var pool = new ReceiveBlockPoolFactory(NullLogger<ReceiveBlockPoolFactory>.Instance).Create();

        using var block = pool.Rent(minBufferSize);

        Assert.True(block.Memory.Length >= ReceiveBlockPoolFactory.BlockSize);
        Assert.Equal(ReceiveBlockPoolFactory.BlockSize, pool.MaxBufferSize);
    }

    [Fact]
    public void Refuses_A_Block_Larger_Than_It_Has()
    {
        using var pool = new ReceiveBlockPoolFactory(NullLogger<ReceiveBlockPoolFactory>.Instance).Create();

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(ReceiveBlockPoolFactory.BlockSize + 1));
    }

    [Fact]
    public void A_Returned_Block_Cannot_Be_Used_Or_Returned_Twice()
    {
        using var pool = new ReceiveBlockPoolFactory(NullLogger<ReceiveBlockPoolFactory>.Instance).Create();
        var block = pool.Rent();

        block.Dispose();
        block.Dispose();

        Assert.Throws<ObjectDisposedException>(() => block.Memory);
    }

    [Fact]
    public void A_Returned_Block_Is_Lent_Again_Up_To_The_Most_Kept()
    {
        using var pool = new ReceiveBlockPoolFactory(NullLogger<ReceiveBlockPoolFactory>.Instance).Create();
        var first = pool.Rent();
        var array = ArrayOf(first);

        first.Dispose();
        using var second = pool.Rent();

        Assert.Same(array, ArrayOf(second));

        // More returned than it keeps: the rest go to the GC, and renting still works.
        var many = Enumerable.Range(0, ReceiveBlockPoolFactory.MaxFreeBlocks + 10).Select(_ => pool.Rent()).ToList();
        many.ForEach(b => b.Dispose());
        var again = Enumerable.Range(0, ReceiveBlockPoolFactory.MaxFreeBlocks + 10).Select(_ => pool.Rent()).ToList();
        var reused = again.Count(b => many.Any(m => ReferenceEquals(m, b)));
        Assert.Equal(ReceiveBlockPoolFactory.MaxFreeBlocks, reused);
        again.ForEach(b => b.Dispose());
    }

    private static byte[] ArrayOf(IMemoryOwner<byte> block) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(block.Memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");

    /// <summary>Answers GET /__connection-pool with the MaxBufferSize of the connection's memory pool.</summary>
    private sealed class PoolProbe : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                if (context.Request.Path == "/__connection-pool")
                {
                    var pool = context.Features.Get<IMemoryPoolFeature>()?.MemoryPool;
                    await context.Response.WriteAsync(pool?.MaxBufferSize.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");
                    return;
                }

                await following(context);
            });
            next(app);
        };
    }
}
