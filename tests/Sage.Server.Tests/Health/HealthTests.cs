using System.Net;
using System.Text.Json;

namespace Sage.Server.Tests.Health;

/// <summary>/health/live, /health/ready, /api/health and the original's /health, on the real server.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Live_And_Ready_Answer_200_On_A_Healthy_Server()
    {
        await using var server = new SageServerFactory();
        using var client = server.CreateHttpClient();
        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        var health = JsonDocument.Parse(await client.GetStringAsync("/api/health")).RootElement;
        Assert.True(health.GetProperty("disk").GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Readiness_Fails_On_Low_Disk_And_Names_No_Path()
    {
        await using var server = new SageServerFactory(new Dictionary<string, string?> { ["Sage:Health:MinFreeDiskBytes"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var client = server.CreateHttpClient();
        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");
        using var api = await client.GetAsync("/api/health");
        using var legacy = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, legacy.StatusCode);

        var body = await api.Content.ReadAsStringAsync();
        var health = JsonDocument.Parse(body).RootElement;
        Assert.False(health.GetProperty("disk").GetProperty("ok").GetBoolean());
        Assert.Contains("Low disk space", health.GetProperty("disk").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(health.GetProperty("database").GetProperty("ok").GetBoolean());
        foreach (var answer in new[] { body, await ready.Content.ReadAsStringAsync(), await legacy.Content.ReadAsStringAsync() })
        {
            Assert.DoesNotContain(server.DataDirectory, answer, StringComparison.Ordinal);
            Assert.DoesNotContain("/tmp", answer, StringComparison.Ordinal);
        }
    }
}
