using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Sage.Server.Tests.Tus;

/// <summary>An upload survives a real kill of the server process: tus-js-client resumes from the stored offset.</summary>
public sealed class TusRestartTests(ITestOutputHelper output) : IDisposable
{
    private const int MiB = 1024 * 1024;
    private const int ChunkSize = 8 * MiB;
    private const long Length = 64L * MiB;

    private readonly string _temp = Directory.CreateTempSubdirectory("sage-tus-restart-").FullName;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Sage:Storage:PartSize"] = (5 * MiB).ToString(CultureInfo.InvariantCulture),
        ["Sage:Storage:BufferBudgetBytes"] = (20 * MiB).ToString(CultureInfo.InvariantCulture),
    };

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task An_Upload_Interrupted_By_Killing_The_Server_Resumes_After_A_Restart_Sending_At_Most_One_Chunk_Twice()
    {
        var data = Path.Combine(_temp, "data");
        var file = Path.Combine(_temp, "long.mp4");
        await TusRequests.WriteFakeVideoAsync(file, Length, seed: 7);
        var port = SageServerProcess.FreePort();
        var server = await SageServerProcess.StartAsync(data, port, Settings);
        try
        {
            // Retries every 250 ms for half a minute while the server is down.
            using var node = TusNodeClient.Start(new Uri(server.BaseAddress, "/api/uploads/"), file, ChunkSize,
                "--retry-delays", string.Join(',', Enumerable.Repeat(250, 120)));
            var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node.OnEvent = e =>
            {
                if (e.GetProperty("event").GetString() == "progress" && e.GetProperty("bytesSent").GetInt64() >= 30L * MiB)
                {
                    halfway.TrySetResult();
                }
            };
            await halfway.Task.WaitAsync(TimeSpan.FromSeconds(60));
            server.Kill();
            var killedAt = node.PatchOffsets().Count;

            await Task.Delay(500);
            server.Dispose();
            server = await SageServerProcess.StartAsync(data, port, Settings);
            var videoId = await node.SucceedAsync(TimeSpan.FromSeconds(90));

            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            var video = await http.GetFromJsonAsync<JsonElement>($"/api/videos/{videoId}");
            Assert.Equal(FakeVideoStream.Sha256Of(Length, seed: 7), video.GetProperty("sha256").GetString());
            Assert.Equal(Length, video.GetProperty("size").GetInt64());

            // Each PATCH carries up to one chunk from its offset; what overlaps was sent twice.
            var offsets = node.PatchOffsets();
            output.WriteLine($"PATCH offsets: {string.Join(", ", offsets)} (killed during PATCH #{killedAt})");
            output.WriteLine(string.Join('\n', node.Events.Where(e => e.GetProperty("event").GetString() is "response" or "error")));
            Assert.True(offsets.Count > killedAt, "the client sent PATCHes after the restart");
            var sent = offsets.Sum(o => Math.Min(ChunkSize, Length - o));
            Assert.InRange(sent - Length, 0, ChunkSize);
        }
        finally
        {
            server.Dispose();
        }
    }
}
