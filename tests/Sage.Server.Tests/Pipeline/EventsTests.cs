using System.Text.Json;

namespace Sage.Server.Tests.Pipeline;

/// <summary>GET /api/events: what a browser sees without polling.</summary>
public sealed class EventsTests : IDisposable
{
    private readonly TestVideos _videos = new();
    private readonly SageServerFactory _server = new(new Dictionary<string, string?> { ["Sage:Jobs:PollInterval"] = "00:00:00.200" });
    private readonly HttpClient _client;

    public EventsTests() => _client = _server.CreateHttpClient();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _videos.Dispose();
    }

    private static string? EmbeddingStatusOf(EventStreamReader.ServerEvent e) =>
        e.Type == "embedding.updated" ? e.Data.GetProperty("embedding").GetProperty("status").GetString() : null;

    [Fact]
    public async Task A_Client_Sees_Processing_Then_Ready_Without_Polling()
    {
        await using var events = await EventStreamReader.OpenAsync(_client);
        var id = (await _client.UploadFileAsync(await _videos.TestPatternAsync(6))).GetProperty("id").GetString()!;

        var seen = await events.ReadUntilAsync(e => EmbeddingStatusOf(e) == "ready", TimeSpan.FromSeconds(120));

        Assert.Equal("video.created", seen[0].Type);
        Assert.Equal(id, seen[0].Data.GetProperty("id").GetString());
        var statuses = seen.Select(EmbeddingStatusOf).Where(s => s is not null).ToList();
        Assert.Contains("processing", statuses);
        Assert.True(statuses.IndexOf("processing") < statuses.IndexOf("ready"));
        Assert.Contains(seen, e => e.Type == "video.updated" && e.Data.GetProperty("probe").ValueKind == JsonValueKind.Object);
        Assert.All(seen, e => Assert.False(string.IsNullOrEmpty(e.Id)));
        var ids = seen.Select(e => long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order().ToList(), ids);
    }

    [Fact]
    public async Task Last_Event_Id_Replays_What_The_Client_Missed()
    {
        string firstId;
        await using (var events = await EventStreamReader.OpenAsync(_client))
        {
            await _client.UploadFileAsync(await _videos.TestPatternAsync(3, "one.mp4"));
            firstId = (await events.NextAsync(TimeSpan.FromSeconds(30))).Id!;
        }

        // While disconnected, another video arrives.
        var second = (await _client.UploadFileAsync(await _videos.TestPatternAsync(3, "two.mp4"))).GetProperty("id").GetString()!;

        await using var resumed = await EventStreamReader.OpenAsync(_client, firstId);
        var seen = await resumed.ReadUntilAsync(e => e.Type == "video.created" && e.Data.GetProperty("id").GetString() == second, TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(seen, e => e.Id == firstId);
        Assert.DoesNotContain(seen, e => e.Type == "reset");
    }

    [Fact]
    public async Task An_Unknown_Old_Id_Gets_A_Reset()
    {
        await using var events = await EventStreamReader.OpenAsync(_client, "1");
        var first = await events.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("reset", first.Type);
    }
}
