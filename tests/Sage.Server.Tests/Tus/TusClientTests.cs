using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;

namespace Sage.Server.Tests.Tus;

/// <summary>tus-js-client 4.3.1 (node) uploading to the real server, into the file store.</summary>
public sealed class TusClientTests : IDisposable
{
    private const int MiB = 1024 * 1024;
    private readonly string _temp = Directory.CreateTempSubdirectory("sage-tus-client-").FullName;
    private readonly SageServerFactory _server = new(new Dictionary<string, string?>
    {
        ["Sage:Storage:PartSize"] = (5 * MiB).ToString(CultureInfo.InvariantCulture),
        ["Sage:Storage:BufferBudgetBytes"] = (20 * MiB).ToString(CultureInfo.InvariantCulture),
    });

    private readonly HttpClient _client;

    public TusClientTests() => _client = _server.CreateHttpClient();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    private Uri Endpoint => new(_server.BaseAddress, "/api/uploads/");

    [Theory]
    [InlineData(8 * MiB, false)]
    [InlineData(3 * MiB, false)]
    [InlineData(8 * MiB, true)] // as the benchmark sends: each chunk read and written whole (whole-chunks.mjs)
    public async Task Uploads_64_MiB_In_Chunks_And_The_Video_Has_The_Same_Sha256(int chunkSize, bool wholeChunks)
    {
        var file = Path.Combine(_temp, "big.mp4");
        await TusRequests.WriteFakeVideoAsync(file, 64L * MiB);
        var sha256 = FakeVideoStream.Sha256Of(64L * MiB);

        using var node = TusNodeClient.Start(Endpoint, file, chunkSize, wholeChunks ? ["--whole-chunks"] : []);
        var videoId = await node.SucceedAsync(TimeSpan.FromSeconds(90));

        var video = await _client.GetFromJsonAsync<VideoJson>($"/api/videos/{videoId}", UploadClient.Json);
        Assert.Equal(sha256, video!.Sha256);
        Assert.Equal(64L * MiB, video.Size);
        Assert.Equal("big.mp4", video.FileName);
        var stored = Path.Combine(_server.DataDirectory, "objects", video.StorageKey);
        await using (var content = File.OpenRead(stored))
        {
            Assert.Equal(sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(content)));
        }

        // Every PATCH started where the previous one ended: nothing was sent twice.
        var offsets = node.PatchOffsets();
        Assert.Equal(Enumerable.Range(0, (int)Math.Ceiling(64.0 * MiB / chunkSize)).Select(i => (long)i * chunkSize), offsets);
        Assert.Empty(Directory.GetFiles(Path.Combine(_server.DataDirectory, "uploads")));
    }

    [Theory]
    [InlineData("--defer-length")]
    [InlineData("--override-patch")]
    [InlineData("--data-during-creation")]
    public async Task The_Client_Options_Deferred_Length_Method_Override_And_Data_During_Creation_Work(string option)
    {
        var file = Path.Combine(_temp, "small.mp4");
        await TusRequests.WriteFakeVideoAsync(file, 7 * MiB + 3);

        using var node = TusNodeClient.Start(Endpoint, file, 2 * MiB, option);
        var videoId = await node.SucceedAsync(TimeSpan.FromSeconds(60));

        var video = await _client.GetFromJsonAsync<VideoJson>($"/api/videos/{videoId}", UploadClient.Json);
        Assert.Equal(FakeVideoStream.Sha256Of(7 * MiB + 3), video!.Sha256);
    }
}
