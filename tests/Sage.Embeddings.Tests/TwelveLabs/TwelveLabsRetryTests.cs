using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Sage.Embeddings.TwelveLabs;
using Sage.Tests.TwelveLabs;

namespace Sage.Embeddings.Tests.TwelveLabs;

public sealed class TwelveLabsRetryTests
{
    [Fact]
    public async Task A_429_With_Retry_After_Waits_That_Long_Then_Succeeds()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Fake.EnqueueFault(FakeTwelveLabsFault.TooManyRequests(1, FakeTwelveLabsEndpoint.TaskStatus));

        await harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None);

        var polls = harness.Fake.Requests.Where(r => r.Endpoint == FakeTwelveLabsEndpoint.TaskStatus).ToList();
        Assert.True(polls.Count >= 3);
        Assert.True(polls[1].At - polls[0].At >= TimeSpan.FromSeconds(0.9), $"retried after {(polls[1].At - polls[0].At).TotalSeconds} s");
    }

    [Fact]
    public async Task A_429_With_X_Ratelimit_Reset_Waits_Until_The_Reset()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        // The header has whole epoch seconds, so the reset the client sees is this, truncated: 1-2 s away.
        var reset = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds());
        harness.Fake.EnqueueFault(FakeTwelveLabsFault.RateLimitedUntil(reset, FakeTwelveLabsEndpoint.CreateTask));

        await harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None);

        var creates = harness.Fake.Requests.Where(r => r.Endpoint == FakeTwelveLabsEndpoint.CreateTask).ToList();
        Assert.Equal(2, creates.Count);
        // Measured from the reset itself, not from the first try: how long that took to start varies on a busy box.
        Assert.True(creates[1].At >= reset - TimeSpan.FromMilliseconds(50), $"retried at {creates[1].At:O}, before the reset at {reset:O}");
        Assert.Equal(1, harness.Fake.Creates);
    }

    [Theory]
    [InlineData(FakeTwelveLabsEndpoint.CreateTask)]
    [InlineData(FakeTwelveLabsEndpoint.TaskStatus)]
    public async Task A_429_Whose_Reset_Is_Hours_Away_Fails_At_Once_With_The_Reset_Time(FakeTwelveLabsEndpoint endpoint)
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        var reset = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds());
        harness.Fake.EnqueueFault(FakeTwelveLabsFault.RateLimitedUntil(reset, endpoint));

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.RateLimited, () => harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None));

        Assert.Equal(reset, error.RetryAt);
        Assert.Equal("too_many_requests", error.Code);
        Assert.True(error.IsRetryable);
        Assert.Contains("rate limit is reached until", error.Message, StringComparison.Ordinal);
        // Not six capped retries: the one refused call.
        Assert.Equal(1, harness.Fake.Hits(endpoint));
    }

    [Fact]
    public async Task A_429_With_A_Retry_After_Of_Hours_Fails_At_Once_With_The_Reset_Time()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Fake.EnqueueFault(FakeTwelveLabsFault.TooManyRequests(3 * 3600, FakeTwelveLabsEndpoint.CreateTask));
        var before = DateTimeOffset.UtcNow;

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.RateLimited, () => harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None));

        Assert.InRange(error.RetryAt!.Value, before.AddHours(3).AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(3).AddSeconds(1));
        Assert.Equal(1, harness.Fake.Hits(FakeTwelveLabsEndpoint.CreateTask));
    }

    [Fact]
    public async Task A_Bare_429_With_An_Empty_Body_Is_Retried_With_Backoff()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Fake.EnqueueFault(FakeTwelveLabsFault.BareTooManyRequests(FakeTwelveLabsEndpoint.RetrieveTask));
        harness.Fake.EnqueueFault(FakeTwelveLabsFault.BareTooManyRequests(FakeTwelveLabsEndpoint.RetrieveTask));

        var result = await harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None);

        Assert.Equal(3, harness.Fake.Hits(FakeTwelveLabsEndpoint.RetrieveTask));
        Assert.Equal(10, result.Set.Clips("visual").Count);
    }

    [Fact]
    public async Task Transient_5xx_Are_Retried()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Fake.EnqueueFault(FakeTwelveLabsFault.ServerError(FakeTwelveLabsEndpoint.CreateTask));
        harness.Fake.EnqueueFault(FakeTwelveLabsFault.ServerError(FakeTwelveLabsEndpoint.CreateTask, 503));
        harness.Fake.EnqueueFault(FakeTwelveLabsFault.ServerError(FakeTwelveLabsEndpoint.TaskStatus, 502));
        harness.Fake.EnqueueFault(new FakeTwelveLabsFault(408, FakeTwelveLabsEndpoint.TaskStatus));

        await harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None);

        Assert.Equal(3, harness.Fake.Hits(FakeTwelveLabsEndpoint.CreateTask));
        Assert.Equal(1, harness.Fake.Creates);
        Assert.Equal(0, harness.Fake.PendingFaults);
    }

    [Fact]
    public async Task A_File_Upload_Is_Sent_Whole_Again_After_A_5xx()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Fake.EnqueueFault(FakeTwelveLabsFault.ServerError(FakeTwelveLabsEndpoint.CreateTask));
        var request = new EmbeddingRequest { Source = VideoSource.FromFile(harness.StandInVideo), Probe = TwelveLabsHarness.Probe(20) };

        await harness.Engine.EmbedAsync(request, null, CancellationToken.None);

        Assert.Equal(TwelveLabsHarness.Sha256(harness.StandInVideo), harness.Fake.LastTask!.VideoSha256);
    }

    [Fact]
    public async Task Persistent_5xx_Give_Up_After_The_Retries_As_Retryable()
    {
        await using var harness = await TwelveLabsHarness.StartAsync(new Dictionary<string, string?> { ["Sage:TwelveLabs:MaxRetries"] = "2" });
        for (var i = 0; i < 3; i++)
        {
            harness.Fake.EnqueueFault(FakeTwelveLabsFault.ServerError(FakeTwelveLabsEndpoint.CreateTask));
        }

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.Refused, () => harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.True(error.IsRetryable);
        Assert.Equal(3, harness.Fake.Hits(FakeTwelveLabsEndpoint.CreateTask));
    }

    [Fact]
    public async Task A_400_Is_Not_Retried_And_Carries_TwelveLabs_Code_And_Message()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Fake.EnqueueFault(FakeTwelveLabsFault.Error(400, "video_resolution_too_low", "The video resolution is too low.", FakeTwelveLabsEndpoint.CreateTask));

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.Refused, () => harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None));

        Assert.Equal("video_resolution_too_low", error.Code);
        Assert.Contains("The video resolution is too low.", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsRetryable);
        Assert.Equal(1, harness.Fake.Hits(FakeTwelveLabsEndpoint.CreateTask));
    }

    [Fact]
    public async Task A_V2_Error_Body_Is_Read()
    {
        await using var harness = await TwelveLabsHarness.StartAsync(new Dictionary<string, string?> { ["Sage:TwelveLabs:Api"] = "V2" });
        harness.Fake.EnqueueFault(FakeTwelveLabsFault.V2Error(400, "parameter_invalid", "media_source.url is not reachable.", FakeTwelveLabsEndpoint.CreateV2Task));

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.Refused, () => harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None));

        Assert.Equal("parameter_invalid", error.Code);
        Assert.Contains("media_source.url is not reachable.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Network_Errors_Are_Retried_Then_Reported_As_Unreachable()
    {
        var port = ClosedPort.Find();
        await using var services = TwelveLabsHarness.BuildServices(
            new Dictionary<string, string?>
            {
                ["Sage:TwelveLabs:BaseUrl"] = $"http://127.0.0.1:{port}/v1.3",
                ["Sage:TwelveLabs:RetryBaseDelaySeconds"] = "0.01",
                ["Sage:TwelveLabs:MaxRetries"] = "2",
            },
            new FixedKeySource("tlk_any"));
        var engine = services.GetRequiredService<TwelveLabsEngine>();
        var request = new EmbeddingRequest { Source = new VideoSource { Url = new Uri("http://127.0.0.1:9/v.mp4") }, Probe = TwelveLabsHarness.Probe(20) };

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.Unavailable, () => engine.EmbedAsync(request, null, CancellationToken.None));

        Assert.True(error.IsRetryable);
        Assert.StartsWith("TwelveLabs could not be reached", error.Message, StringComparison.Ordinal);
    }
}
