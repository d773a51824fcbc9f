using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sage.Server.Tests.Pipeline;

/// <summary>Probe → thumbnail → embed through the whole server, with real ffmpeg and the local engine.</summary>
public sealed class PipelineTests : IDisposable
{
    private readonly TestVideos _videos = new();
    private readonly SageServerFactory _server = new(new Dictionary<string, string?>
    {
        ["Sage:Jobs:PollInterval"] = "00:00:00.200",
        ["Sage:Jobs:LeaseDuration"] = "00:00:03",
    });

    private readonly HttpClient _client;

    public PipelineTests() => _client = _server.CreateHttpClient();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _videos.Dispose();
    }

    [Fact]
    public async Task Probes_Thumbnails_And_Embeds_A_Video()
    {
        var path = await _videos.TestPatternAsync(7, width: 320, height: 240);
        var created = await _client.UploadFileAsync(path);
        var id = created.GetProperty("id").GetString()!;

        var video = await _client.WaitForVideoAsync(id, v => v.IsFinal() && v.GetProperty("thumbnailUrl").ValueKind != JsonValueKind.Null);

        Assert.Equal("ready", video.GetProperty("status").GetString());
        var probe = video.GetProperty("probe");
        Assert.InRange(probe.GetProperty("durationSeconds").GetDouble(), 6.9, 7.1);
        Assert.Equal(320, probe.GetProperty("width").GetInt32());
        Assert.Equal(240, probe.GetProperty("height").GetInt32());
        Assert.InRange(probe.GetProperty("framesPerSecond").GetDouble(), 24.9, 25.1);
        Assert.Equal("h264", probe.GetProperty("videoCodec").GetString());
        Assert.True(probe.GetProperty("hasAudio").GetBoolean());

        var thumbnail = await _client.GetByteArrayAsync(video.GetProperty("thumbnailUrl").GetString());
        Assert.Equal([0xFF, 0xD8, 0xFF], thumbnail[..3]);

        var embedding = video.GetProperty("embedding");
        Assert.Equal("ready", embedding.GetProperty("status").GetString());
        Assert.Equal("local", embedding.GetProperty("engine").GetString());
        Assert.Equal(1.0, embedding.GetProperty("progress").GetDouble());

        var segments = await _client.GetFromJsonAsync<JsonElement>($"/api/videos/{id}/embedding");
        var visual = segments.GetProperty("segments").EnumerateArray()
            .Where(s => s.GetProperty("scope").GetString() == "clip" && s.GetProperty("option").GetString() == "visual").ToList();
        // 7 s in 2 s clips: 0-2, 2-4, 4-6, 6-7.
        Assert.Equal(4, visual.Count);
        Assert.Equal(0, visual[0].GetProperty("start").GetDouble());
        Assert.InRange(visual[^1].GetProperty("end").GetDouble(), 6.9, 7.1);
        for (var i = 1; i < visual.Count; i++)
        {
            Assert.Equal(visual[i - 1].GetProperty("end").GetDouble(), visual[i].GetProperty("start").GetDouble(), 3);
        }

        Assert.All(visual, s => Assert.Equal(JsonValueKind.Null, s.GetProperty("vector").ValueKind));
        Assert.Contains(segments.GetProperty("segments").EnumerateArray(), s => s.GetProperty("option").GetString() == "audio");

        var withVectors = await _client.GetFromJsonAsync<JsonElement>($"/api/videos/{id}/embedding?vectors=true");
        var vector = withVectors.GetProperty("segments")[0].GetProperty("vector").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(embedding.GetProperty("dimension").GetInt32(), vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => v * v)), 3);
    }

    [Fact]
    public async Task The_Same_Video_Uploaded_Twice_Gives_Identical_Vectors()
    {
        var path = await _videos.TestPatternAsync(4);
        var first = (await _client.UploadFileAsync(path)).GetProperty("id").GetString()!;
        var second = (await _client.UploadFileAsync(path)).GetProperty("id").GetString()!;
        await _client.WaitForVideoAsync(first, v => v.IsFinal());
        await _client.WaitForVideoAsync(second, v => v.IsFinal());

        var a = await _client.GetStringAsync($"/api/videos/{first}/embedding?vectors=true");
        var b = await _client.GetStringAsync($"/api/videos/{second}/embedding?vectors=true");
        Assert.Equal(
            JsonDocument.Parse(a).RootElement.GetProperty("segments").GetRawText(),
            JsonDocument.Parse(b).RootElement.GetProperty("segments").GetRawText());
    }

    [Fact]
    public async Task Bad_Media_Fails_Each_With_Its_Own_Reason()
    {
        var truncated = (await _client.UploadFileAsync(await _videos.TruncatedAsync(6))).GetProperty("id").GetString()!;
        var audioOnly = (await _client.UploadFileAsync(await _videos.AudioOnlyAsync(3))).GetProperty("id").GetString()!;
        var tooShort = (await _client.UploadFileAsync(await _videos.TestPatternAsync(0.5, "short.mp4"))).GetProperty("id").GetString()!;

        var reasons = new List<string>();
        foreach (var id in (string[])[truncated, audioOnly, tooShort])
        {
            var video = await _client.WaitForVideoAsync(id, v => v.GetProperty("status").GetString() == "failed");
            Assert.Equal("failed", video.EmbeddingStatus());
            reasons.Add(video.GetProperty("error").GetString()!);
            Assert.Contains(video.GetProperty("error").GetString()!, video.GetProperty("embedding").GetProperty("error").GetString()!, StringComparison.Ordinal);
        }

        Assert.Contains("moov", reasons[0], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("no video stream", reasons[1], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("too short", reasons[2], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, reasons.Distinct().Count());

        using var rerun = await _client.PostAsJsonAsync($"/api/videos/{audioOnly}/embedding", new { });
        Assert.Equal(HttpStatusCode.Conflict, rerun.StatusCode);
    }

    [Fact]
    public async Task Cancel_Stops_The_Work_Kills_Ffmpeg_And_Stays_Cancelled()
    {
        var path = await _videos.TestPatternAsync(240, "long.mp4", 640, 360);
        var id = (await _client.UploadFileAsync(path)).GetProperty("id").GetString()!;
        await _client.WaitForVideoAsync(id, v => v.EmbeddingStatus() == "processing" && v.GetProperty("embedding").GetProperty("progress").GetDouble() > 0);
        Assert.NotEmpty(FfmpegProcessesReading(id));

        using var cancel = await _client.PostAsync($"/api/videos/{id}/embedding/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        await FormUploadTests.WaitUntilAsync(() => FfmpegProcessesReading(id).Count == 0, 5000);
        Assert.Empty(FfmpegProcessesReading(id));
        var video = await _client.GetVideoAsync(id);
        Assert.Equal("cancelled", video.EmbeddingStatus());
        await Task.Delay(1500);
        Assert.Equal("cancelled", (await _client.GetVideoAsync(id)).EmbeddingStatus());

        using var again = await _client.PostAsync($"/api/videos/{id}/embedding/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Rerun_With_Another_Clip_Length_Replaces_The_Embedding()
    {
        var id = (await _client.UploadFileAsync(await _videos.TestPatternAsync(8))).GetProperty("id").GetString()!;
        await _client.WaitForVideoAsync(id, v => v.IsFinal());

        using var bad = await _client.PostAsJsonAsync($"/api/videos/{id}/embedding", new { clipLength = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var unknown = await _client.PostAsJsonAsync($"/api/videos/{id}/embedding", new { engine = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        using var rerun = await _client.PostAsJsonAsync($"/api/videos/{id}/embedding", new { clipLength = 4 });
        Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        var video = await _client.WaitForVideoAsync(id, v => v.IsFinal() && v.GetProperty("embedding").GetProperty("clipLength").GetDouble() == 4);
        Assert.Equal("ready", video.EmbeddingStatus());
        var segments = await _client.GetFromJsonAsync<JsonElement>($"/api/videos/{id}/embedding");
        Assert.Equal(2, segments.GetProperty("segments").EnumerateArray().Count(s => s.GetProperty("scope").GetString() == "clip" && s.GetProperty("option").GetString() == "visual"));
    }

    [Fact]
    public async Task Deleting_A_Video_Cancels_Its_Jobs_First()
    {
        var id = (await _client.UploadFileAsync(await _videos.TestPatternAsync(240, "long.mp4", 640, 360))).GetProperty("id").GetString()!;
        await _client.WaitForVideoAsync(id, v => v.EmbeddingStatus() == "processing");

        using var deleted = await _client.DeleteAsync($"/api/videos/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await FormUploadTests.WaitUntilAsync(() => FfmpegProcessesReading(id).Count == 0, 5000);
        Assert.Empty(FfmpegProcessesReading(id));
        using var gone = await _client.GetAsync($"/api/videos/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Requests_Are_Answered_While_A_Job_Runs()
    {
        var id = (await _client.UploadFileAsync(await _videos.TestPatternAsync(240, "long.mp4", 640, 360))).GetProperty("id").GetString()!;
        await _client.WaitForVideoAsync(id, v => v.EmbeddingStatus() == "processing");

        var started = DateTime.UtcNow;
        for (var i = 0; i < 10; i++)
        {
            using var health = await _client.GetAsync("/api/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        Assert.Equal("processing", (await _client.GetVideoAsync(id)).EmbeddingStatus());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
        using var cancel = await _client.PostAsync($"/api/videos/{id}/embedding/cancel", null);
    }

    [Fact]
    public async Task Unknown_Videos_Are_404_For_Every_Embedding_Route()
    {
        var id = Guid.NewGuid();
        using var get = await _client.GetAsync($"/api/videos/{id}/embedding");
        using var cancel = await _client.PostAsync($"/api/videos/{id}/embedding/cancel", null);
        using var rerun = await _client.PostAsJsonAsync($"/api/videos/{id}/embedding", new { });
        using var thumbnail = await _client.GetAsync($"/api/videos/{id}/thumbnail");
        Assert.All([get, cancel, rerun, thumbnail], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
    }

    /// <summary>ffmpeg processes whose command line names this video's stored file.</summary>
    internal static List<int> FfmpegProcessesReading(string videoId)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                var state = File.ReadAllText(Path.Combine(directory, "stat"));
                var zombie = state[(state.LastIndexOf(')') + 2)..].StartsWith('Z');
                if (!zombie && commandLine.Contains("ffmpeg", StringComparison.Ordinal) && commandLine.Contains(videoId, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
