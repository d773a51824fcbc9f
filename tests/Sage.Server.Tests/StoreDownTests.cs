using System.Diagnostics;
using System.Net;
using Sage.Server.Tests.Tus;
using Sage.Testing.Fauxqs;

namespace Sage.Server.Tests;

/// <summary>
/// The S3 store killed (SIGKILL) or hung (SIGSTOP): uploads answer 503 with Retry-After within a bounded time, readiness
/// fails, and once the store is back the next upload works.
/// </summary>
public sealed class StoreDownTests : IAsyncLifetime
{
    private const string Bucket = "sage-store-down";
    private FauxqsServer _fauxqs = null!;
    private SageServerFactory _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _fauxqs = await FauxqsServer.StartAsync([Bucket]);
        var settings = _fauxqs.SageStorageSettings(Bucket);
        settings["Sage:Storage:S3:RequestTimeout"] = "00:00:02";
        _server = new SageServerFactory(settings);
        _client = _server.CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        await _fauxqs.DisposeAsync();
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Killed_Store_Answers_503_With_Retry_After()
    {
        using (var before = await _client.UploadAsync(new FakeVideoStream(64 * 1024)))
        {
            Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        }

        await _fauxqs.KillAsync();

        var clock = Stopwatch.StartNew();
        using var form = await _client.UploadAsync(new FakeVideoStream(6 * 1024 * 1024));
        await AssertUnavailableAsync(form);
        using var tus = await _client.CreateAsync(6 * 1024 * 1024);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, tus.StatusCode);
        Assert.NotNull(tus.Headers.RetryAfter);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"answered after {clock.Elapsed}");

        using var ready = await _client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Fact]
    public async Task A_Hung_Store_Answers_503_In_Bounded_Time_And_Works_Again_When_It_Answers()
    {
        _fauxqs.Freeze();
        try
        {
            var clock = Stopwatch.StartNew();
            using var form = await _client.UploadAsync(new FakeVideoStream(6 * 1024 * 1024));
            await AssertUnavailableAsync(form);
            // Two tries of a 2 s request timeout and the abort's own, well under the minute the first round saw.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"answered after {clock.Elapsed}");
        }
        finally
        {
            _fauxqs.Thaw();
        }

        using var after = await _client.UploadAsync(new FakeVideoStream(6 * 1024 * 1024));
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
    }
}
