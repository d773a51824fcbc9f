using System.Net;
using Sage.Server.Tests.Tus;

namespace Sage.Server.Tests.Security;

/// <summary>A client past a rate limit is told so, and when to come back.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly SageServerFactory _server = new(new Dictionary<string, string?> { ["Sage:RateLimits:UploadCreationsPerMinute"] = "1" });
    private readonly HttpClient _client;

    public RateLimitTests() => _client = _server.CreateHttpClient();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Exceeding_A_Limit_Answers_429_Problem_With_Retry_After()
    {
        using var first = await _client.CreateAsync(1000);
        using var second = await _client.CreateAsync(1000);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        var problem = await second.ReadProblemAsync();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        var retryAfter = second.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }
}
