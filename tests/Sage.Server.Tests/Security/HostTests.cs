using System.Net;

namespace Sage.Server.Tests.Security;

/// <summary>While SAGE listens on loopback only, it answers to the loopback names alone (DNS rebinding).</summary>
public sealed class HostTests : IDisposable
{
    private readonly SageServerFactory _server = new();
    private readonly HttpClient _client;

    public HostTests() => _client = _server.CreateHttpClient();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    internal static async Task<HttpResponseMessage> GetWithHostAsync(HttpClient client, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/videos");
        request.Headers.Host = host;
        return await client.SendAsync(request);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:8000")]
    [InlineData("localhost.evil.example")]
    public async Task Refuses_Another_Host_With_400_Problem_On_Loopback(string host)
    {
        using var response = await GetWithHostAsync(_client, host);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Equal("Unknown host", problem.GetProperty("title").GetString());
        Assert.Contains("AllowedHosts", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST:8000")]
    [InlineData("127.0.0.1:8000")]
    [InlineData("[::1]:8000")]
    public async Task Accepts_The_Loopback_Names(string host)
    {
        using var response = await GetWithHostAsync(_client, host);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

/// <summary>An operator's AllowedHosts is the list, loopback or not.</summary>
public sealed class ConfiguredHostTests : IDisposable
{
    private readonly SageServerFactory _server = new(new Dictionary<string, string?> { ["AllowedHosts"] = "sage.example.com;*.lab.example" });
    private readonly HttpClient _client;

    public ConfiguredHostTests() => _client = _server.CreateHttpClient();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Theory]
    [InlineData("sage.example.com", HttpStatusCode.OK)]
    [InlineData("box.lab.example:8000", HttpStatusCode.OK)]
    [InlineData("localhost", HttpStatusCode.BadRequest)]
    [InlineData("evil.example", HttpStatusCode.BadRequest)]
    public async Task Honours_AllowedHosts(string host, HttpStatusCode expected)
    {
        using var response = await HostTests.GetWithHostAsync(_client, host);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            // SAGE's own filter, not ASP.NET Core's HTML page.
            await response.ReadProblemAsync();
        }
    }
}
