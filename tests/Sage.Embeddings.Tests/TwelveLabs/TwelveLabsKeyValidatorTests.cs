using Microsoft.Extensions.DependencyInjection;
using Sage.Embeddings.TwelveLabs;
using Sage.Tests.TwelveLabs;

namespace Sage.Embeddings.Tests.TwelveLabs;

public sealed class TwelveLabsKeyValidatorTests
{
    [Fact]
    public async Task The_Right_Key_Is_Valid()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();

        var check = await harness.Validator.ValidateAsync(harness.Fake.ApiKey, CancellationToken.None);

        Assert.Equal(TwelveLabsKeyState.Valid, check.State);
        var request = Assert.Single(harness.Fake.Requests);
        Assert.Equal("/v1.3/embed/tasks?page=1&page_limit=1", request.PathAndQuery);
    }

    [Fact]
    public async Task A_Wrong_Key_Is_Invalid()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();

        var check = await harness.Validator.ValidateAsync("tlk_wrong", CancellationToken.None);

        Assert.Equal(TwelveLabsKeyState.Invalid, check.State);
    }

    [Fact]
    public async Task A_Closed_Port_Is_Unreachable_Not_Invalid()
    {
        var port = ClosedPort.Find();
        await using var services = TwelveLabsHarness.BuildServices(new Dictionary<string, string?> { ["Sage:TwelveLabs:BaseUrl"] = $"http://127.0.0.1:{port}/v1.3" }, null);
        var validator = services.GetRequiredService<TwelveLabsKeyValidator>();

        var check = await validator.ValidateAsync("tlk_any", CancellationToken.None);

        Assert.Equal(TwelveLabsKeyState.Unreachable, check.State);
        Assert.DoesNotContain("invalid", check.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_5xx_Is_Unreachable_Not_Invalid()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Fake.EnqueueFault(FakeTwelveLabsFault.ServerError(status: 503));

        var check = await harness.Validator.ValidateAsync(harness.Fake.ApiKey, CancellationToken.None);

        Assert.Equal(TwelveLabsKeyState.Unreachable, check.State);
        Assert.Single(harness.Fake.Requests);
    }
}
