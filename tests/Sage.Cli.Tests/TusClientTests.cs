using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sage.Cli.Tus;

namespace Sage.Cli.Tests;

/// <summary>The tus client against the real server on Kestrel.</summary>
public sealed class TusClientTests : IDisposable
{
    private readonly SageServerFactory _server = new();
    private readonly TestVideos _videos = new();

    private Uri Endpoint => new(_server.BaseAddress, "/api/uploads");

    [Fact]
    public async Task Creation_With_Upload_Then_Patches_Completes_Byte_Exact()
    {
        var path = await _videos.TestPatternAsync(3);
        var bytes = await File.ReadAllBytesAsync(path);
        using var http = _server.CreateHttpClient();
        var tus = new TusClient(http);

        var first = bytes.AsMemory(0, 10_000);
        var created = await tus.CreateAsync(Endpoint, bytes.Length, new Dictionary<string, string> { ["filename"] = "pattern.mp4", ["filetype"] = "video/mp4" }, first, default);
        Assert.Equal(10_000, created.Offset);

        await using var file = File.OpenRead(path);
        var videoId = await tus.UploadFromOffsetAsync(created.Location, file, created.Offset, 64 * 1024, null, default);

        var status = await http.GetFromJsonAsync<JsonElement>(created.Location);
        Assert.Equal("completed", status.GetProperty("status").GetString());
        var id = videoId ?? status.GetProperty("videoId").GetGuid();
        Assert.Equal(bytes, await http.GetByteArrayAsync($"/api/videos/{id}/content"));
    }

    [Fact]
    public async Task Head_Resume_Goes_On_From_The_Servers_Offset()
    {
        var path = await _videos.TestPatternAsync(3);
        var bytes = await File.ReadAllBytesAsync(path);
        using var http = _server.CreateHttpClient();
        var tus = new TusClient(http);
        var created = await tus.CreateAsync(Endpoint, bytes.Length, new Dictionary<string, string> { ["filename"] = "p.mp4" }, ReadOnlyMemory<byte>.Empty, default);
        await tus.PatchAsync(created.Location, 0, bytes.AsMemory(0, 20_000), default);

        // A new client, as after a restart: the offset comes from HEAD.
        var offset = await new TusClient(http).GetOffsetAsync(created.Location, default);
        Assert.Equal(20_000, offset);
        await using var file = File.OpenRead(path);
        var videoId = await tus.UploadFromOffsetAsync(created.Location, file, offset!.Value, 32 * 1024, null, default);
        Assert.NotNull(videoId);
        Assert.Equal(bytes, await http.GetByteArrayAsync($"/api/videos/{videoId}/content"));
    }

    [Fact]
    public async Task A_Wrong_Offset_Is_A_409_And_The_Upload_Resyncs_From_Head()
    {
        var path = await _videos.TestPatternAsync(2);
        var bytes = await File.ReadAllBytesAsync(path);
        using var http = _server.CreateHttpClient();
        var tus = new TusClient(http);
        var created = await tus.CreateAsync(Endpoint, bytes.Length, new Dictionary<string, string> { ["filename"] = "p.mp4" }, bytes.AsMemory(0, 5000), default);

        var wrong = await tus.PatchAsync(created.Location, 0, bytes.AsMemory(0, 100), default);
        Assert.Null(wrong.Offset);

        // Told offset 0, the upload learns 5000 from HEAD and finishes.
        await using var file = File.OpenRead(path);
        var videoId = await tus.UploadFromOffsetAsync(created.Location, file, 0, 16 * 1024, null, default);
        Assert.Equal(bytes, await http.GetByteArrayAsync($"/api/videos/{videoId}/content"));
    }

    [Fact]
    public async Task Termination_Removes_The_Upload()
    {
        using var http = _server.CreateHttpClient();
        var tus = new TusClient(http);
        var created = await tus.CreateAsync(Endpoint, 1000, new Dictionary<string, string> { ["filename"] = "p.mp4" }, ReadOnlyMemory<byte>.Empty, default);
        await tus.TerminateAsync(created.Location, default);
        Assert.Null(await tus.GetOffsetAsync(created.Location, default));
    }

    [Fact]
    public async Task A_Refusal_Carries_The_Problems_Title_And_Detail()
    {
        using var http = _server.CreateHttpClient();
        var tus = new TusClient(http);
        var created = await tus.CreateAsync(Endpoint, 100, new Dictionary<string, string> { ["filename"] = "p.mp4" }, ReadOnlyMemory<byte>.Empty, default);
        var error = await Assert.ThrowsAsync<TusException>(() => tus.PatchAsync(created.Location, 0, new byte[200], default));
        Assert.True((int)error.Status is >= 400 and < 500, error.Status.ToString());
        Assert.False(string.IsNullOrEmpty(error.Title));
    }

    [Fact]
    public async Task Connection_Refused_Is_Retried_Then_Reported()
    {
        using var http = new HttpClient();
        var tus = new TusClient(http) { RetryDelays = [TimeSpan.Zero, TimeSpan.FromMilliseconds(10)] };
        await Assert.ThrowsAsync<HttpRequestException>(() => tus.GetOffsetAsync(new Uri("http://127.0.0.1:1/api/uploads/x"), default));
    }

    public void Dispose()
    {
        _server.Dispose();
        _videos.Dispose();
    }
}
