using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Sage.Server.Security;

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

    /// <summary>GET /api/videos with the given Host; a refusal must be SAGE's problem+json, not ASP.NET Core's HTML page.</summary>
    internal static async Task AssertAnswerAsync(HttpClient client, string host, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/videos");
        request.Headers.Host = host;
        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            var problem = await response.ReadProblemAsync();
            Assert.Equal("Unknown host", problem.GetProperty("title").GetString());
            Assert.Contains("AllowedHosts", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("evil.example", HttpStatusCode.BadRequest)]
    [InlineData("evil.example:8000", HttpStatusCode.BadRequest)]
    [InlineData("localhost.evil.example", HttpStatusCode.BadRequest)]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("LOCALHOST:8000", HttpStatusCode.OK)]
    [InlineData("127.0.0.1:8000", HttpStatusCode.OK)]
    [InlineData("[::1]:8000", HttpStatusCode.OK)]
    public Task Answers_Only_The_Loopback_Names_By_Default(string host, HttpStatusCode expected) =>
        AssertAnswerAsync(_client, host, expected);

    [Theory]
    [InlineData(null, "http://127.0.0.1:8000", "localhost;127.0.0.1;[::1]")]
    [InlineData("", "http://127.0.0.1:8000;http://[::1]:8000", "localhost;127.0.0.1;[::1]")]
    [InlineData(null, "http://127.0.0.1:8000;http://0.0.0.0:8000", "*")]
    [InlineData("sage.example.com", "http://0.0.0.0:8000", "sage.example.com")]
    [InlineData("*", "http://127.0.0.1:8000", "*")]
    public void The_Hosts_Follow_AllowedHosts_Else_The_Listening_Addresses(string? configured, string addresses, string expected)
    {
        var allowed = AllowedHostsFilter.Allowed(configured, new ListeningServer(addresses.Split(';')));

        Assert.Equal(expected, allowed is null ? "*" : string.Join(';', allowed));
    }

    private sealed class ListeningServer : IServer
    {
        public ListeningServer(IEnumerable<string> addresses)
        {
            var feature = new ServerAddressesFeature();
            foreach (var address in addresses)
            {
                feature.Addresses.Add(address);
            }

            Features.Set<IServerAddressesFeature>(feature);
        }

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
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
    public Task Honours_AllowedHosts(string host, HttpStatusCode expected) =>
        HostTests.AssertAnswerAsync(_client, host, expected);
}
