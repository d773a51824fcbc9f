using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Sage.Embeddings.Fingerprints;
using Sage.Server.Data;
using Sage.Server.Fingerprints;
using Sage.Server.Tests.Pipeline;
using Sage.Storage;
using Sage.Tests.TwelveLabs;

namespace Sage.Server.Tests.Fingerprints;

/// <summary>The fingerprint step through the whole server: TwelveLabs (the fake) for the embedding, real ffmpeg for the decode.</summary>
public sealed class FingerprintPipelineTests : IAsyncLifetime
{
    private const double Seconds = 4;
    private readonly TestVideos _videos = new();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sage-fingerprint-").FullName;
    private FakeTwelveLabsServer _fake = null!;
    private string _video = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTwelveLabsServer.StartAsync();
        _fake.VideoDurationSeconds = Seconds;
        _video = await _videos.TestPatternAsync(Seconds, "fingerprinted.mp4", 640, 360);
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _videos.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private SageServerFactory Server(Func<IServiceProvider, IVideoFingerprinter>? fingerprinter = null) => new(
        new Dictionary<string, string?>
        {
            ["Sage:TwelveLabs:BaseUrl"] = _fake.BaseUrl,
            ["Sage:TwelveLabs:PollIntervalSeconds"] = "0.05",
            ["TWELVELABS_API_KEY"] = FakeTwelveLabsServer.DefaultApiKey,
            ["Sage:Jobs:PollInterval"] = "00:00:00.200",
            ["Sage:Jobs:LeaseDuration"] = "00:00:03",
        },
        _dataDirectory,
        services => TestFingerprints.Use(services, fingerprinter));

    private static string FingerprintStatus(JsonElement video) =>
        video.GetProperty("fingerprint").ValueKind == JsonValueKind.Null ? "" : video.GetProperty("fingerprint").GetProperty("status").GetString()!;

    private static async Task<StoredObject?> StoredFingerprintAsync(SageServerFactory server, string id) =>
        await server.Services.GetRequiredService<IObjectStore>().GetObjectAsync(FingerprintObjects.KeyFor(Guid.Parse(id)), CancellationToken.None);

    [Fact]
    public async Task A_TwelveLabs_Video_Is_Fingerprinted_On_Its_Own_Decode_And_The_Object_Goes_With_The_Video()
    {
        using var server = Server();
        using var client = server.CreateHttpClient();
        var id = (await client.UploadFileAsync(_video)).GetProperty("id").GetString()!;

        var video = await client.WaitForVideoAsync(id, v => v.IsFinal() && FingerprintStatus(v) is "ready" or "failed");

        Assert.Equal("twelvelabs", video.GetProperty("embedding").GetProperty("engine").GetString());
        Assert.Equal("ready", video.EmbeddingStatus());
        Assert.Equal("ready", FingerprintStatus(video));
        Assert.Equal(1, video.GetProperty("fingerprint").GetProperty("progress").GetDouble());
        var stored = await StoredFingerprintAsync(server, id);
        Assert.NotNull(stored);
        Assert.True(stored!.Size > 0);
        var state = await server.Services.GetRequiredService<FingerprintCatalog>().FindAsync(Guid.Parse(id), CancellationToken.None);
        Assert.Equal(stored.Size, state!.ByteSize);
        Assert.True(state.IsCurrent);
        var read = await server.Services.GetRequiredService<FingerprintObjects>().LoadAsync(state.ObjectKey!, CancellationToken.None);
        Assert.InRange(read!.Duration, Seconds - 0.2, Seconds + 0.2);

        using var deleted = await client.DeleteAsync($"/api/videos/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(await StoredFingerprintAsync(server, id));
    }

    [Fact]
    public async Task A_Library_Video_Without_A_Fingerprint_Gets_One_At_Start_Up()
    {
        string id;
        using (var first = Server())
        using (var client = first.CreateHttpClient())
        {
            id = (await client.UploadFileAsync(_video)).GetProperty("id").GetString()!;
            var ready = await client.WaitForVideoAsync(id, v => v.IsFinal() && FingerprintStatus(v) is "ready" or "failed");
            Assert.True(ready.EmbeddingStatus() == "ready", ready.ToString());
            // As a library from before fingerprints: no row, no job, no object.
            await using var connection = await first.Services.GetRequiredService<SageDatabase>().OpenAsync(CancellationToken.None);
            await connection.ExecuteAsync("DELETE FROM fingerprints; DELETE FROM jobs WHERE step = 'fingerprint';");
            await first.Services.GetRequiredService<FingerprintObjects>().DeleteAsync(Guid.Parse(id), CancellationToken.None);
            Assert.Equal("", FingerprintStatus(await client.GetVideoAsync(id)));
        }

        using var second = Server();
        using var again = second.CreateHttpClient();
        var video = await again.WaitForVideoAsync(id, v => FingerprintStatus(v) is "ready" or "failed");
        Assert.True(FingerprintStatus(video) == "ready", video.ToString());
        Assert.NotNull(await StoredFingerprintAsync(second, id));
        Assert.Equal("ready", video.EmbeddingStatus());
    }

    [Fact]
    public async Task Cancel_Stops_The_Fingerprint_And_A_Rerun_Computes_It_Again()
    {
        var blocking = new BlockingTestFingerprinter();
        using var server = Server(_ => blocking);
        using var client = server.CreateHttpClient();
        var id = (await client.UploadFileAsync(_video)).GetProperty("id").GetString()!;
        await blocking.Started.WaitAsync(TimeSpan.FromSeconds(60));
        await client.WaitForVideoAsync(id, v => FingerprintStatus(v) == "processing");

        using (var cancel = await client.PostAsync($"/api/videos/{id}/fingerprint/cancel", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
            Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        await WaitUntilAsync(() => blocking.WasCancelled);
        using (var again = await client.PostAsync($"/api/videos/{id}/fingerprint/cancel", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        }

        await Task.Delay(500);
        Assert.Equal("cancelled", FingerprintStatus(await client.GetVideoAsync(id)));
        Assert.Null(await StoredFingerprintAsync(server, id));
        var missing = await server.Services.GetRequiredService<FingerprintCatalog>().ListMissingAsync(CancellationToken.None);
        Assert.DoesNotContain(Guid.Parse(id), missing);

        using var rerun = await client.PostAsync($"/api/videos/{id}/fingerprint", null);
        Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        Assert.Equal("pending", (await rerun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await client.WaitForVideoAsync(id, v => FingerprintStatus(v) == "processing");
    }

    [Fact]
    public async Task A_Fingerprint_Interrupted_By_A_Restart_Resumes_And_Finishes()
    {
        var blocking = new BlockingTestFingerprinter();
        string id;
        using (var first = Server(_ => blocking))
        using (var client = first.CreateHttpClient())
        {
            id = (await client.UploadFileAsync(_video)).GetProperty("id").GetString()!;
            await blocking.Started.WaitAsync(TimeSpan.FromSeconds(60));
        }

        using var second = Server();
        using var again = second.CreateHttpClient();
        var video = await again.WaitForVideoAsync(id, v => FingerprintStatus(v) is "ready" or "failed");
        Assert.True(FingerprintStatus(video) == "ready", video.ToString());
        Assert.NotNull(await StoredFingerprintAsync(second, id));
    }

    [Fact]
    public async Task A_Rerun_Replaces_A_Ready_Fingerprint()
    {
        using var server = Server();
        using var client = server.CreateHttpClient();
        var id = (await client.UploadFileAsync(_video)).GetProperty("id").GetString()!;
        await client.WaitForVideoAsync(id, v => FingerprintStatus(v) == "ready");
        var before = (await server.Services.GetRequiredService<FingerprintCatalog>().FindAsync(Guid.Parse(id), CancellationToken.None))!;

        using var rerun = await client.PostAsync($"/api/videos/{id}/fingerprint", null);
        Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        await client.WaitForVideoAsync(id, v => FingerprintStatus(v) == "ready");

        var after = (await server.Services.GetRequiredService<FingerprintCatalog>().FindAsync(Guid.Parse(id), CancellationToken.None))!;
        Assert.NotEqual(before.JobId, after.JobId);
        Assert.True(after.UpdatedAt > before.UpdatedAt);
        Assert.NotNull(await StoredFingerprintAsync(server, id));
    }

    [Fact]
    public async Task Unknown_Videos_Are_404_And_An_Unreadable_Video_Is_409()
    {
        using var server = Server();
        using var client = server.CreateHttpClient();
        var unknown = Guid.NewGuid();
        foreach (var path in new[] { $"/api/videos/{unknown}/fingerprint", $"/api/videos/{unknown}/fingerprint/cancel" })
        {
            using var response = await client.PostAsync(path, null);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var id = (await client.UploadFileAsync(await _videos.AudioOnlyAsync(3))).GetProperty("id").GetString()!;
        await client.WaitForVideoAsync(id, v => v.GetProperty("status").GetString() == "failed");
        using var rerun = await client.PostAsync($"/api/videos/{id}/fingerprint", null);
        Assert.Equal(HttpStatusCode.Conflict, rerun.StatusCode);
        Assert.Equal("", FingerprintStatus(await client.GetVideoAsync(id)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }
}
