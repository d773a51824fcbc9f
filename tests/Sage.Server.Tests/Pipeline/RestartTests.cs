namespace Sage.Server.Tests.Pipeline;

/// <summary>Jobs live in the database: a restart in the middle of one resumes it.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly TestVideos _videos = new();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sage-restart-").FullName;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Sage:Jobs:PollInterval"] = "00:00:00.200",
        ["Sage:Jobs:LeaseDuration"] = "00:00:03",
    };

    public void Dispose()
    {
        _videos.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_Job_Interrupted_By_A_Restart_Resumes_And_Finishes()
    {
        var path = await _videos.TestPatternAsync(90, "long.mp4", 640, 360);
        string id;
        using (var first = new SageServerFactory(Settings, _dataDirectory))
        using (var client = first.CreateHttpClient())
        {
            id = (await client.UploadFileAsync(path)).GetProperty("id").GetString()!;
            await client.WaitForVideoAsync(id, v => v.EmbeddingStatus() == "processing" && v.GetProperty("embedding").GetProperty("progress").GetDouble() > 0);
        }

        using var second = new SageServerFactory(Settings, _dataDirectory);
        using var again = second.CreateHttpClient();
        var before = await again.GetVideoAsync(id);
        Assert.NotEqual("ready", before.EmbeddingStatus());

        var video = await again.WaitForVideoAsync(id, v => v.IsFinal(), timeoutSeconds: 240);
        Assert.Equal("ready", video.EmbeddingStatus());
    }
}
