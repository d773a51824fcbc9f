using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sage.Embeddings.TwelveLabs;
using Sage.Media;
using Sage.Tests.TwelveLabs;

namespace Sage.Embeddings.Tests.TwelveLabs;

/// <summary>
/// A fake TwelveLabs on a free loopback port, and the real engine registered by AddTwelveLabs and
/// pointed at it with short poll and backoff intervals. One per test; disposing stops both.
/// </summary>
internal sealed class TwelveLabsHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TwelveLabsHarness(FakeTwelveLabsServer fake, ServiceProvider services, FixedKeySource keys)
    {
        Fake = fake;
        _services = services;
        Keys = keys;
        Directory.CreateDirectory(Folder);
        var bytes = new byte[64 * 1024];
        new Random(42).NextBytes(bytes);
        File.WriteAllBytes(StandInVideo, bytes);
    }

    /// <summary>A temp folder removed on dispose.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "sage-twelvelabs-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>64 KB of bytes the fake downloads when a test does not care what the video is.</summary>
    public string StandInVideo => Path.Combine(Folder, "stand-in.mp4");

    public FakeTwelveLabsServer Fake { get; }

    public FixedKeySource Keys { get; }

    public TwelveLabsEngine Engine => _services.GetRequiredService<TwelveLabsEngine>();

    public TwelveLabsKeyValidator Validator => _services.GetRequiredService<TwelveLabsKeyValidator>();

    public IServiceProvider Services => _services;

    public static async Task<TwelveLabsHarness> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var fake = await FakeTwelveLabsServer.StartAsync();
        var values = new Dictionary<string, string?>
        {
            ["Sage:TwelveLabs:BaseUrl"] = fake.BaseUrl,
            // Most tests here are about v1's endpoints and give a URL, which Auto (the default) sends to v2;
            // the tests of Auto and v2 set Api themselves.
            ["Sage:TwelveLabs:Api"] = "V1",
            ["Sage:TwelveLabs:PollIntervalSeconds"] = "0.05",
            ["Sage:TwelveLabs:RetryBaseDelaySeconds"] = "0.02",
            ["Sage:TwelveLabs:MaxRetryDelaySeconds"] = "3",
            ["Sage:TwelveLabs:Timeout"] = "00:01:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var keys = new FixedKeySource(fake.ApiKey);
        var services = BuildServices(values, keys);
        return new TwelveLabsHarness(fake, services, keys);
    }

    public static ServiceProvider BuildServices(IDictionary<string, string?> values, ITwelveLabsKeySource? keys)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        if (keys is not null)
        {
            services.AddSingleton(keys);
        }

        return services.AddTwelveLabs(configuration).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static VideoProbe Probe(double durationSeconds, int width = 1280, int height = 720) => new()
    {
        DurationSeconds = durationSeconds,
        Width = width,
        Height = height,
        FramesPerSecond = 25,
        VideoCodec = "h264",
        AudioCodec = "aac",
    };

    /// <summary>A request for a video the fake can fetch (served by the fake itself, like a presigned URL).</summary>
    public EmbeddingRequest UrlRequest(double durationSeconds, string? file = null)
    {
        Fake.VideoDurationSeconds = durationSeconds;
        var url = Fake.ServeFile(file ?? StandInVideo);
        return new EmbeddingRequest { Source = new VideoSource { Url = url, FileName = "video.mp4" }, Probe = Probe(durationSeconds) };
    }

    /// <summary>A few hundred KB of real H.264 made by ffmpeg.</summary>
    public static async Task<string> MakeVideoAsync(string folder, double seconds)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "clip.mp4");
        var startInfo = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                     $"testsrc2=size=640x360:rate=25:duration={seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                     "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", path])
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        return path;
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Fake.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}

/// <summary>A key source with a key the test sets.</summary>
internal sealed class FixedKeySource(string? key) : ITwelveLabsKeySource
{
    public string? Key { get; set; } = key;

    public ValueTask<string?> GetApiKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Key);
}
