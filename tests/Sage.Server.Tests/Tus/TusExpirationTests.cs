using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sage.Server.Tests.Tus;

/// <summary>The expiration extension on the file store: an idle upload is swept, its parts and pending bytes removed.</summary>
public sealed class TusExpirationTests : IDisposable
{
    private readonly SageServerFactory _server = new(new Dictionary<string, string?>
    {
        ["Sage:Uploads:Expiry"] = "00:00:01.500",
        ["Sage:Uploads:CleanupInterval"] = "00:00:00.200",
        ["Sage:Uploads:EndedRetention"] = "00:00:02",
    });

    private readonly HttpClient _client;

    public TusExpirationTests() => _client = _server.CreateHttpClient();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task An_Idle_Upload_Expires_And_Its_Stored_Bytes_Are_Removed()
    {
        var bytes = TusRequests.FakeVideo(100_000);
        var url = await _client.CreateUploadAsync(bytes.Length);
        using (var patched = await _client.PatchAsync(url, 0, bytes[..50_000]))
        {
            Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        }

        // The 50,000 bytes are pending (less than a part), kept in place in the upload's file.
        var uploads = Path.Combine(_server.DataDirectory, "uploads");
        var multipart = Path.Combine(_server.DataDirectory, "multipart");
        Assert.Contains(Directory.GetFiles(multipart), f => new FileInfo(f).Length == 50_000);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await _client.GetFromJsonAsync<JsonElement>(url)).GetProperty("status").GetString() != "expired")
        {
            Assert.True(DateTime.UtcNow < deadline, "the upload did not expire");
            await Task.Delay(200);
        }

        using var head = await _client.HeadAsync(url);
        Assert.Equal(HttpStatusCode.Gone, head.StatusCode);
        using var patch = await _client.PatchAsync(url, 50_000, bytes[50_000..]);
        Assert.Equal(HttpStatusCode.Gone, patch.StatusCode);
        Assert.Empty(Directory.GetFiles(uploads));
        Assert.Empty(Directory.GetFiles(multipart));
    }

    [Fact]
    public async Task An_Ended_Upload_Answers_410_For_A_While_Then_Is_Forgotten()
    {
        var bytes = TusRequests.FakeVideo(10_000);
        var terminated = await _client.CreateUploadAsync(bytes.Length);
        var completed = await _client.CreateUploadAsync(bytes.Length);
        using (var finished = await _client.PatchAsync(completed, 0, bytes))
        {
            Assert.Equal(HttpStatusCode.NoContent, finished.StatusCode);
            Assert.NotNull(finished.Header("Sage-Video-Id"));
        }

        using (var deleted = await _client.DeleteUploadAsync(terminated))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var gone = await _client.HeadAsync(terminated))
        {
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var head = await _client.HeadAsync(terminated);
            if (head.StatusCode == HttpStatusCode.NotFound)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.Gone, head.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, "the terminated upload was never forgotten");
            await Task.Delay(200);
        }

        using var status = await _client.GetAsync(terminated);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);

        // A completed upload is kept: its URL still names its video.
        using var done = await _client.HeadAsync(completed);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(bytes.Length, done.Offset());
    }
}
