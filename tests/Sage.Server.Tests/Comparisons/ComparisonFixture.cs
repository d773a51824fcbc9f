using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sage.Server.Tests.Comparisons;

/// <summary>
/// One real server with three uploaded and embedded videos (local engine): a 20 s original (testsrc2 with a rising
/// tone), a copy whose seconds 8–12 are replaced by a Mandelbrot zoom with noise, and a copy with 6 s of that zoom
/// inserted at 10 s. Small (320x240) so embedding takes seconds.
/// </summary>
public sealed class ComparisonFixture : IAsyncLifetime
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(180);

    private readonly DirectoryInfo _media = Directory.CreateTempSubdirectory("sage-comparison-media-");

    public SageServerFactory Server { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Guid Original { get; private set; }

    public Guid Replaced { get; private set; }

    public Guid Inserted { get; private set; }

    public string MediaDirectory => _media.FullName;

    public async Task InitializeAsync()
    {
        Client = Server.CreateHttpClient();
        var original = Path.Combine(_media.FullName, "original.mp4");
        var material = Path.Combine(_media.FullName, "material.mp4");
        var replaced = Path.Combine(_media.FullName, "replaced.mp4");
        var inserted = Path.Combine(_media.FullName, "inserted.mp4");
        await Task.WhenAll(
            Ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "aevalsrc=0.2*sin(2*PI*(200+15*t)*t):s=48000",
                "-t", "20", "-map", "0:v", "-map", "1:a", .. Encode, original]),
            Ffmpeg(["-f", "lavfi", "-i", "mandelbrot=size=320x240:rate=25", "-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.2:sample_rate=48000",
                "-t", "20", "-map", "0:v", "-map", "1:a", .. Encode, material]));
        await Task.WhenAll(
            Splice(original, material, [(0, 0, 8), (1, 8, 12), (0, 12, 20)], replaced),
            Splice(original, material, [(0, 0, 10), (1, 0, 6), (0, 10, 20)], inserted));

        Original = await UploadAsync(original);
        Replaced = await UploadAsync(replaced);
        Inserted = await UploadAsync(inserted);
        await Task.WhenAll(WaitUntilReadyAsync(Original), WaitUntilReadyAsync(Replaced), WaitUntilReadyAsync(Inserted));
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Server.Dispose();
        try
        {
            _media.Delete(recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    /// <summary>A 20 s video of its own (not waited for), for tests that need one whose embedding is not ready yet.</summary>
    public async Task<Guid> UploadFreshAsync(string name)
    {
        var path = Path.Combine(_media.FullName, name);
        await Ffmpeg(["-f", "lavfi", "-i", "smptehdbars=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=330:sample_rate=48000",
            "-t", "20", "-map", "0:v", "-map", "1:a", .. Encode, path]);
        return await UploadAsync(path);
    }

    public async Task<Guid> UploadAsync(string path)
    {
        await using var file = File.OpenRead(path);
        using var response = await Client.UploadAsync(file, Path.GetFileName(path));
        response.EnsureSuccessStatusCode();
        return (await response.ReadVideoAsync()).Id;
    }

    public async Task WaitUntilReadyAsync(Guid id)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var video = await Client.GetFromJsonAsync<JsonElement>($"/api/videos/{id}", UploadClient.Json);
            var status = video.TryGetProperty("embedding", out var embedding) && embedding.ValueKind == JsonValueKind.Object
                ? embedding.GetProperty("status").GetString()
                : null;
            if (status == "ready")
            {
                return;
            }

            if (status is "failed" or "cancelled")
            {
                throw new InvalidOperationException($"The embedding of {id} is {status}: {video}");
            }

            if (clock.Elapsed > ReadyTimeout)
            {
                throw new TimeoutException($"The embedding of {id} was not ready after {ReadyTimeout}: {video}");
            }

            await Task.Delay(300);
        }
    }

    private static readonly string[] Encode = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "1"];

    private static Task Splice(string a, string b, (int Input, int Start, int End)[] spans, string output)
    {
        var graph = new System.Text.StringBuilder();
        for (var k = 0; k < spans.Length; k++)
        {
            var (input, start, end) = spans[k];
            graph.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"[{input}:v]trim=start={start}:end={end},setpts=PTS-STARTPTS[v{k}];[{input}:a]atrim=start={start}:end={end},asetpts=PTS-STARTPTS[a{k}];");
        }

        for (var k = 0; k < spans.Length; k++)
        {
            graph.Append(System.Globalization.CultureInfo.InvariantCulture, $"[v{k}][a{k}]");
        }

        graph.Append(System.Globalization.CultureInfo.InvariantCulture, $"concat=n={spans.Length}:v=1:a=1[v][a]");
        return Ffmpeg(["-i", a, "-i", b, "-filter_complex", graph.ToString(), "-map", "[v]", "-map", "[a]", .. Encode, output]);
    }

    private static async Task Ffmpeg(string[] arguments)
    {
        var startInfo = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-nostdin", "-hide_banner", "-loglevel", "error", "-y", .. arguments])
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "ffmpeg failed: " + stderr);
    }
}
