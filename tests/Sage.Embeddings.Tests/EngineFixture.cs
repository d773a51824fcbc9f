using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sage.Embeddings.Local;
using Sage.Media;

namespace Sage.Embeddings.Tests;

/// <summary>
/// One service provider (real ffmpeg, the real model) and a temp folder of generated videos,
/// shared by every test class: the model loads once and the videos are made once.
/// </summary>
public sealed class EngineFixture : IAsyncLifetime
{
    private ServiceProvider? _services;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "sage-embeddings-tests-" + Guid.NewGuid().ToString("N"));

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialised.");

    public IMediaTools Media => Services.GetRequiredService<IMediaTools>();

    public LocalEmbeddingEngine Engine => Services.GetRequiredService<LocalEmbeddingEngine>();

    public ResNet18Model Model => Services.GetRequiredService<ResNet18Model>();

    /// <summary>30 s of testsrc2 with a 440 Hz tone.</summary>
    public string Original => Path.Combine(Folder, "original.mp4");

    /// <summary><see cref="Original"/> with seconds 20-24 showing a mandelbrot instead (video re-encoded, audio copied).</summary>
    public string Spliced => Path.Combine(Folder, "spliced.mp4");

    /// <summary><see cref="Original"/>'s video stream copied bit for bit, with pink noise as audio.</summary>
    public string NewAudio => Path.Combine(Folder, "new-audio.mp4");

    /// <summary><see cref="Original"/> re-encoded at low quality, video and audio.</summary>
    public string Reencoded => Path.Combine(Folder, "reencoded.mp4");

    /// <summary>8.3 s of smptehdbars without an audio stream.</summary>
    public string Silent => Path.Combine(Folder, "silent.mp4");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        var configuration = new ConfigurationBuilder().Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSageMedia(configuration)
            .AddSageEmbeddings(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        await Ffmpeg.RunAsync(
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=30",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=30",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-shortest", Original);
        await Task.WhenAll(
            Ffmpeg.RunAsync(
                "-i", Original, "-f", "lavfi", "-i", "mandelbrot=size=320x240:rate=25",
                "-filter_complex", "[0:v][1:v]overlay=shortest=1:enable='between(t,20,24)'",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "copy", Spliced),
            Ffmpeg.RunAsync(
                "-i", Original, "-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.3:sample_rate=44100:duration=30",
                "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", "-b:a", "128k", "-shortest", NewAudio),
            Ffmpeg.RunAsync(
                "-i", Original, "-c:v", "libx264", "-preset", "ultrafast", "-crf", "40", "-c:a", "aac", "-b:a", "32k", "-ar", "22050", Reencoded),
            Ffmpeg.RunAsync(
                "-f", "lavfi", "-i", "smptehdbars=size=320x240:rate=25:duration=8.3",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", Silent));
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        Directory.Delete(Folder, recursive: true);
    }

    public async Task<EmbeddingResult> EmbedAsync(string path, double clipLengthSeconds = 2, IProgress<double>? progress = null)
    {
        var probe = await Media.ProbeAsync(path, CancellationToken.None);
        var request = new EmbeddingRequest { Source = VideoSource.FromFile(path), Probe = probe, ClipLengthSeconds = clipLengthSeconds };
        return await Engine.EmbedAsync(request, progress, CancellationToken.None);
    }
}

[CollectionDefinition(Name)]
public sealed class EngineTests : ICollectionFixture<EngineFixture>
{
    public const string Name = "engine";
}
