using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sage.Server.Tests.Pipeline;

/// <summary>The original SAGE's status routes keep their field names; bad ids are 4xx, not 500.</summary>
public sealed class LegacyStatusTests : IDisposable
{
    private readonly TestVideos _videos = new();
    private readonly SageServerFactory _server = new(new Dictionary<string, string?> { ["Sage:Jobs:PollInterval"] = "00:00:00.200" });
    private readonly HttpClient _client;

    public LegacyStatusTests() => _client = _server.CreateHttpClient();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _videos.Dispose();
    }

    [Fact]
    public async Task Old_Clients_Follow_A_Video_From_Upload_To_Completed()
    {
        await using var file = File.OpenRead(await _videos.TestPatternAsync(4));
        using var uploaded = await _client.UploadAsync(file, "old.mp4", route: "/upload-and-generate-embeddings");
        var upload = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        var videoId = upload.GetProperty("video_id").GetString()!;
        var embeddingId = upload.GetProperty("embedding_id").GetString()!;

        await _client.WaitForVideoAsync(videoId, v => v.IsFinal());

        var video = await _client.GetFromJsonAsync<JsonElement>($"/video-status/{videoId}");
        Assert.Equal(videoId, video.GetProperty("video_id").GetString());
        Assert.Equal("old.mp4", video.GetProperty("filename").GetString());
        Assert.Equal("ready", video.GetProperty("status").GetString());
        Assert.Equal("completed", video.GetProperty("embedding_status").GetString());
        Assert.InRange(video.GetProperty("duration").GetDouble(), 3.9, 4.1);
        Assert.True(video.TryGetProperty("upload_timestamp", out _));

        var embedding = await _client.GetFromJsonAsync<JsonElement>($"/embedding-status/{embeddingId}");
        Assert.Equal("completed", embedding.GetProperty("status").GetString());
        Assert.Equal("old.mp4", embedding.GetProperty("filename").GetString());
        Assert.Equal(JsonValueKind.String, embedding.GetProperty("completed_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, embedding.GetProperty("error").ValueKind);

        using var cancel = await _client.PostAsync($"/cancel-embedding-task/{embeddingId}", null);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Contains("completed", (await cancel.ReadProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var serve = await _client.GetFromJsonAsync<JsonElement>($"/serve-video/{videoId}");
        var url = new Uri(serve.GetProperty("video_url").GetString()!);
        Assert.Equal((await File.ReadAllBytesAsync(file.Name)).Length, (await _client.GetByteArrayAsync(url)).Length);

        var health = await _client.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("connected", health.GetProperty("database_status").GetString());
        Assert.True(health.GetProperty("uptime_seconds").GetDouble() >= 0);
        Assert.False(string.IsNullOrEmpty(health.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Cancelling_Through_The_Old_Route_Really_Cancels()
    {
        var id = (await _client.UploadFileAsync(await _videos.TestPatternAsync(240, "long.mp4", 640, 360))).GetProperty("id").GetString()!;
        await _client.WaitForVideoAsync(id, v => v.EmbeddingStatus() == "processing");

        using var cancel = await _client.PostAsync($"/cancel-embedding-task/{id}", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Contains("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
        await FormUploadTests.WaitUntilAsync(() => PipelineTests.FfmpegProcessesReading(id).Count == 0, 5000);
        Assert.Empty(PipelineTests.FfmpegProcessesReading(id));
        Assert.Equal("cancelled", (await _client.GetFromJsonAsync<JsonElement>($"/embedding-status/{id}")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/video-status/not-an-id")]
    [InlineData("/video-status/3f0e0000-0000-0000-0000-000000000000")]
    [InlineData("/embedding-status/../../etc/passwd")]
    [InlineData("/embedding-status/3f0e0000-0000-0000-0000-000000000000")]
    [InlineData("/serve-video/999999")]
    public async Task Unknown_Ids_Are_404_Not_500(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Cancelling_An_Unknown_Embedding_Is_404()
    {
        using var response = await _client.PostAsync("/cancel-embedding-task/nope", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nope", (await response.ReadProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
