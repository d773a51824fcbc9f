using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Sage.Server.Data;
using Sage.Tests.TwelveLabs;
using Sage.Testing.Fauxqs;

namespace Sage.Server.Tests.Pipeline;

/// <summary>Upload → TwelveLabs (the fake, which follows the documented API) → ready, through the whole server.</summary>
public sealed class TwelveLabsPipelineTests : IAsyncLifetime
{
    private const double Seconds = 6;
    private readonly TestVideos _videos = new();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sage-twelvelabs-").FullName;
    private FakeTwelveLabsServer _fake = null!;
    private string _video = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTwelveLabsServer.StartAsync();
        _fake.VideoDurationSeconds = Seconds;
        _video = await _videos.TestPatternAsync(Seconds, "marengo.mp4", 640, 360);
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _videos.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private Dictionary<string, string?> Settings(string? apiKey = FakeTwelveLabsServer.DefaultApiKey) => new()
    {
        ["Sage:TwelveLabs:BaseUrl"] = _fake.BaseUrl,
        ["Sage:TwelveLabs:PollIntervalSeconds"] = "0.05",
        ["TWELVELABS_API_KEY"] = apiKey,
        ["Sage:Jobs:PollInterval"] = "00:00:00.200",
        ["Sage:Jobs:LeaseDuration"] = "00:00:03",
    };

    [Fact]
    public async Task A_Valid_Key_Makes_New_Videos_Use_TwelveLabs_And_The_File_Store_Sends_The_File()
    {
        using var server = new SageServerFactory(Settings(), _dataDirectory);
        using var client = server.CreateHttpClient();

        var created = await client.UploadFileAsync(_video);
        var video = await client.WaitForVideoAsync(created.GetProperty("id").GetString()!, v => v.IsFinal());

        var embedding = video.GetProperty("embedding");
        Assert.Equal("ready", embedding.GetProperty("status").GetString());
        Assert.Equal("twelvelabs", embedding.GetProperty("engine").GetString());
        Assert.Equal("marengo3.0", embedding.GetProperty("model").GetString());
        Assert.Equal(512, embedding.GetProperty("dimension").GetInt32());

        var segments = await client.GetFromJsonAsync<JsonElement>($"/api/videos/{video.GetProperty("id").GetString()}/embedding");
        var clips = segments.GetProperty("segments").EnumerateArray().Where(s => s.GetProperty("scope").GetString() == "clip").ToList();
        Assert.Equal(3, clips.Count(s => s.GetProperty("option").GetString() == "visual"));
        Assert.Contains(segments.GetProperty("segments").EnumerateArray(), s => s.GetProperty("scope").GetString() == "video");

        var task = Assert.Single(_fake.Tasks);
        Assert.Equal(1, task.ApiVersion);
        Assert.Null(task.VideoUrl);
        Assert.Equal(created.GetProperty("sha256").GetString(), task.VideoSha256);
        Assert.Equal(1, _fake.Creates);
        Assert.Equal(0, _fake.RequestsWithoutKey);
    }

    [Fact]
    public async Task With_S3_The_Fake_Downloads_The_Presigned_Url_Byte_For_Byte()
    {
        await using var fauxqs = await FauxqsServer.StartAsync(["sage-twelvelabs"]);
        var settings = Settings();
        foreach (var (key, value) in fauxqs.SageStorageSettings("sage-twelvelabs"))
        {
            settings[key] = value;
        }

        using var server = new SageServerFactory(settings, _dataDirectory);
        using var client = server.CreateHttpClient();

        var created = await client.UploadFileAsync(_video);
        var video = await client.WaitForVideoAsync(created.GetProperty("id").GetString()!, v => v.IsFinal());

        Assert.Equal("ready", video.EmbeddingStatus());
        var task = Assert.Single(_fake.Tasks);
        // A presigned URL goes to Embed API v2 (the default, Api=Auto); a file-store upload goes to v1.
        Assert.Equal(2, task.ApiVersion);
        Assert.NotNull(task.VideoUrl);
        Assert.Equal("http", task.VideoUrl!.Scheme);
        Assert.Contains("X-Amz-Signature", task.VideoUrl.Query, StringComparison.Ordinal);
        Assert.Equal(created.GetProperty("sha256").GetString(), task.VideoSha256);
        Assert.Equal(new FileInfo(_video).Length, task.VideoBytes);
    }

    [Fact]
    public async Task A_Restart_Mid_Poll_Resumes_The_Same_Remote_Task()
    {
        _fake.HoldTasks = true;
        string id;
        using (var first = new SageServerFactory(Settings(), _dataDirectory))
        using (var client = first.CreateHttpClient())
        {
            id = (await client.UploadFileAsync(_video)).GetProperty("id").GetString()!;
            await _fake.WaitUntilAsync(() => _fake.StatusPolls >= 2, TimeSpan.FromSeconds(60));
        }

        var pollsBeforeRestart = _fake.StatusPolls;
        using var second = new SageServerFactory(Settings(), _dataDirectory);
        using var again = second.CreateHttpClient();
        await _fake.WaitUntilAsync(() => _fake.StatusPolls > pollsBeforeRestart, TimeSpan.FromSeconds(60));
        _fake.ReleaseAll();

        var video = await again.WaitForVideoAsync(id, v => v.IsFinal());
        Assert.Equal("ready", video.EmbeddingStatus());
        Assert.Equal(1, _fake.Creates);
    }

    [Fact]
    public async Task Cancelling_Mid_Poll_Stays_Cancelled_After_The_Task_Becomes_Ready()
    {
        _fake.HoldTasks = true;
        using var server = new SageServerFactory(Settings(), _dataDirectory);
        using var client = server.CreateHttpClient();
        var id = (await client.UploadFileAsync(_video)).GetProperty("id").GetString()!;
        await _fake.WaitUntilAsync(() => _fake.StatusPolls >= 2, TimeSpan.FromSeconds(60));

        using var cancel = await client.PostAsync($"/api/videos/{id}/embedding/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var pollsAtCancel = _fake.StatusPolls;
        _fake.ReleaseAll();
        await Task.Delay(1000);

        Assert.Equal("cancelled", (await client.GetVideoAsync(id)).EmbeddingStatus());
        Assert.True(_fake.StatusPolls <= pollsAtCancel + 1, "polling went on after the cancel");
        Assert.Equal(0, _fake.Hits(FakeTwelveLabsEndpoint.RetrieveTask));
    }

    [Fact]
    public async Task A_Coverage_Gap_In_A_Twenty_Minute_Video_Fails_With_The_Numbers()
    {
        var longVideo = await _videos.FfmpegAsync("twenty-minutes.mp4",
            ["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=1:duration=1200", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]);
        _fake.VideoDurationSeconds = 1200;
        _fake.TruncateClipsAtSeconds = 312;
        using var server = new SageServerFactory(Settings(), _dataDirectory);
        using var client = server.CreateHttpClient();

        var id = (await client.UploadFileAsync(longVideo)).GetProperty("id").GetString()!;
        var video = await client.WaitForVideoAsync(id, v => v.IsFinal());

        Assert.Equal("failed", video.EmbeddingStatus());
        Assert.Equal("TwelveLabs returned clips up to 312 s of a 1,200 s video", video.GetProperty("embedding").GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_429_With_A_Reset_Two_Hours_Away_Defers_The_Job_Until_Then_Instead_Of_Failing_It()
    {
        var reset = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds());
        _fake.EnqueueFault(FakeTwelveLabsFault.RateLimitedUntil(reset, FakeTwelveLabsEndpoint.CreateTask));
        using var server = new SageServerFactory(Settings(), _dataDirectory);
        using var client = server.CreateHttpClient();

        var id = (await client.UploadFileAsync(_video)).GetProperty("id").GetString()!;
        var waiting = await client.WaitForVideoAsync(id, v => v.GetProperty("embedding") is { ValueKind: JsonValueKind.Object } e
            && e.GetProperty("waitingUntil").ValueKind != JsonValueKind.Null);

        var embedding = waiting.GetProperty("embedding");
        Assert.Equal("pending", embedding.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, embedding.GetProperty("error").ValueKind);
        Assert.Equal(reset, embedding.GetProperty("waitingUntil").GetDateTimeOffset());
        Assert.Equal(
            $"Waiting for TwelveLabs' rate limit until {reset.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC; it runs again then.",
            embedding.GetProperty("notes").GetString());

        // Several worker polls later the claim still skips it: no second create, no attempt counted.
        await Task.Delay(1500);
        Assert.Equal(1, _fake.Hits(FakeTwelveLabsEndpoint.CreateTask));
        Assert.Equal(0, _fake.Creates);
        var database = server.Services.GetRequiredService<SageDatabase>();
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            var job = await connection.QuerySingleAsync<(string Status, long Attempts, string NotBefore)>(
                "SELECT status, attempts, not_before FROM jobs WHERE video_id = @id AND step = 'embed'", new { id = Guid.Parse(id) });
            Assert.Equal(("pending", 0L), (job.Status, job.Attempts));
            Assert.Equal(reset, DateTimeOffset.Parse(job.NotBefore, CultureInfo.InvariantCulture));

            // Two hours pass.
            await connection.ExecuteAsync("UPDATE jobs SET not_before = @past WHERE video_id = @id AND step = 'embed'",
                new { id = Guid.Parse(id), past = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O", CultureInfo.InvariantCulture) });
        }

        var video = await client.WaitForVideoAsync(id, v => v.IsFinal());
        Assert.Equal("ready", video.EmbeddingStatus());
        Assert.Equal(JsonValueKind.Null, video.GetProperty("embedding").GetProperty("waitingUntil").ValueKind);
        Assert.Equal(JsonValueKind.Null, video.GetProperty("embedding").GetProperty("notes").ValueKind);
        Assert.Equal(1, _fake.Creates);
    }

    [Fact]
    public async Task An_Invalid_Key_Fails_The_Job_Once_Without_Retrying()
    {
        var settings = Settings(apiKey: "tlk_wrong_key_000000");
        settings["Sage:Embedding:DefaultEngine"] = "twelvelabs";
        using var server = new SageServerFactory(settings, _dataDirectory);
        using var client = server.CreateHttpClient();

        var id = (await client.UploadFileAsync(_video)).GetProperty("id").GetString()!;
        var video = await client.WaitForVideoAsync(id, v => v.IsFinal());

        Assert.Equal("failed", video.EmbeddingStatus());
        Assert.Equal("TwelveLabs API key is invalid or expired", video.GetProperty("embedding").GetProperty("error").GetString());
        Assert.Equal(1, _fake.Hits(FakeTwelveLabsEndpoint.CreateTask));
    }

    [Fact]
    public async Task Without_A_Key_New_Videos_Use_The_Local_Engine()
    {
        using var server = new SageServerFactory(Settings(apiKey: null), _dataDirectory);
        using var client = server.CreateHttpClient();

        var id = (await client.UploadFileAsync(_video)).GetProperty("id").GetString()!;
        var video = await client.WaitForVideoAsync(id, v => v.IsFinal());

        Assert.Equal("local", video.GetProperty("embedding").GetProperty("engine").GetString());
        Assert.Equal(0, _fake.Creates);
    }
}
