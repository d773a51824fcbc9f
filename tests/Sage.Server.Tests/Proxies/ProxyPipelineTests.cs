using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Sage.Server.Tests.Pipeline;
using Sage.Tests.TwelveLabs;

namespace Sage.Server.Tests.Proxies;

/// <summary>The proxy step through the whole server, with real ffmpeg and the fake TwelveLabs for the embedding.</summary>
public sealed class ProxyPipelineTests : IAsyncLifetime
{
    private const double Seconds = 4;
    private readonly TestVideos _videos = new();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sage-proxy-").FullName;
    private FakeTwelveLabsServer _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTwelveLabsServer.StartAsync();
        _fake.VideoDurationSeconds = Seconds;
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _videos.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private SageServerFactory Server(string mode = "auto") => new(
        new Dictionary<string, string?>
        {
            ["Sage:TwelveLabs:BaseUrl"] = _fake.BaseUrl,
            ["Sage:TwelveLabs:PollIntervalSeconds"] = "0.05",
            ["TWELVELABS_API_KEY"] = FakeTwelveLabsServer.DefaultApiKey,
            ["Sage:Jobs:PollInterval"] = "00:00:00.200",
            ["Sage:Jobs:LeaseDuration"] = "00:00:03",
            ["Sage:Proxies:Mode"] = mode,
        },
        _dataDirectory);

    private Task<string> Mpeg2ProgramStreamAsync(double seconds = Seconds) => _videos.FfmpegAsync("archive.mpg",
    [
        "-f", "lavfi", "-i", "testsrc2=size=720x576:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
        "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:v", "mpeg2video", "-c:a", "mp2", "-f", "mpeg",
    ]);

    private static string ProxyStatus(JsonElement video) =>
        video.GetProperty("proxy").ValueKind == JsonValueKind.Null ? "" : video.GetProperty("proxy").GetProperty("status").GetString()!;

    [Fact]
    public async Task An_Mpeg2_Program_Stream_Gets_A_Proxy_That_Playback_Serves_With_Range()
    {
        using var server = Server();
        using var client = server.CreateHttpClient();
        var input = await Mpeg2ProgramStreamAsync();
        var id = (await client.UploadFileAsync(input, "video/mpeg")).GetProperty("id").GetString()!;

        var video = await client.WaitForVideoAsync(id, v => ProxyStatus(v) is "ready" or "failed" or "cancelled");

        Assert.Equal("ready", ProxyStatus(video));
        Assert.Contains("container", video.GetProperty("proxy").GetProperty("reason").GetString());
        Assert.Equal($"/api/videos/{id}/playback", video.GetProperty("playbackUrl").GetString());
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/videos/{id}/playback"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("video/mp4", head.Content.Headers.ContentType!.MediaType);
        Assert.Equal("proxy", head.Headers.GetValues("X-Sage-Playback").Single());
        var size = head.Content.Headers.ContentLength!.Value;
        using var ranged = new HttpRequestMessage(HttpMethod.Get, $"/api/videos/{id}/playback");
        ranged.Headers.Range = new RangeHeaderValue(4, 11);
        using var part = await client.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal($"bytes 4-11/{size}", part.Content.Headers.ContentRange!.ToString());
        Assert.Equal("ftyp"u8.ToArray(), (await part.Content.ReadAsByteArrayAsync())[..4]);

        // The original is untouched.
        var original = await client.GetByteArrayAsync($"/api/videos/{id}/content");
        Assert.Equal(await File.ReadAllBytesAsync(input), original);
    }

    [Fact]
    public async Task An_H264_Mp4_Gets_No_Proxy_In_Auto_Mode_And_Playback_Serves_The_Original()
    {
        using var server = Server();
        using var client = server.CreateHttpClient();
        var input = await _videos.TestPatternAsync(Seconds, "plays.mp4");
        var id = (await client.UploadFileAsync(input)).GetProperty("id").GetString()!;

        var video = await client.WaitForVideoAsync(id, v => v.IsFinal());

        Assert.Equal("", ProxyStatus(video));
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/videos/{id}/playback"));
        Assert.Equal("original", head.Headers.GetValues("X-Sage-Playback").Single());
        Assert.Equal(new FileInfo(input).Length, head.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task A_Proxy_Can_Be_Cancelled_And_Run_Again()
    {
        using var server = Server(mode: "always");
        using var client = server.CreateHttpClient();
        var input = await _videos.TestPatternAsync(30, "long.mp4", 1280, 720);
        var id = (await client.UploadFileAsync(input)).GetProperty("id").GetString()!;
        await client.WaitForVideoAsync(id, v => ProxyStatus(v) is "processing" or "ready");

        using var cancel = await client.PostAsync($"/api/videos/{id}/proxy/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", ProxyStatus(await client.GetVideoAsync(id)));
        using var again = await client.PostAsync($"/api/videos/{id}/proxy/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        using var rerun = await client.PostAsync($"/api/videos/{id}/proxy", null);
        Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        var video = await client.WaitForVideoAsync(id, v => ProxyStatus(v) is "ready" or "failed", timeoutSeconds: 240);
        Assert.Equal("ready", ProxyStatus(video));
    }
}
