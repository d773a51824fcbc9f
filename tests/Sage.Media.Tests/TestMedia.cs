using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Sage.Media.Tests;

/// <summary>
/// Generates small videos once (lavfi sources, a few seconds at most) in a temp dir shared by the
/// "Media" collection, and deletes them afterwards.
/// </summary>
public sealed class TestMedia : IAsyncLifetime
{
    public TestMedia()
    {
        Directory = Path.Combine(Path.GetTempPath(), "sage-media-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Runner = CreateRunner(new MediaOptions());
        Tools = new FfmpegMediaTools(Runner, Options.Create(new MediaOptions()), NullLogger<FfmpegMediaTools>.Instance);
    }

    public string Directory { get; }
    public MediaProcessRunner Runner { get; }
    public FfmpegMediaTools Tools { get; }

    /// <summary>320x240, 25 fps, testsrc2 + 440 Hz sine, 2 s, H.264/AAC (moov at the end).</summary>
    public string VideoWithAudio => PathOf("av.mp4");

    /// <summary>320x240, 25 fps, smptebars, 2 s, H.264, no audio.</summary>
    public string VideoWithoutAudio => PathOf("bars-silent.mp4");

    /// <summary>AAC only.</summary>
    public string AudioOnly => PathOf("audio-only.m4a");

    /// <summary>0.5 s video.</summary>
    public string HalfSecond => PathOf("half-second.mp4");

    /// <summary>1280x720, 1 s.</summary>
    public string Wide => PathOf("wide-720p.mp4");

    /// <summary>First 30% of <see cref="VideoWithAudio"/>: its moov atom (at the end) is missing.</summary>
    public string Truncated => PathOf("truncated.mp4");

    public string PathOf(string name) => Path.Combine(Directory, name);

    public static MediaProcessRunner CreateRunner(MediaOptions options) =>
        new(Options.Create(options), NullLogger<MediaProcessRunner>.Instance);

    public async Task InitializeAsync()
    {
        await Task.WhenAll(
            GenerateAsync(VideoWithAudio, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
                "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"),
            GenerateAsync(VideoWithoutAudio, "-f", "lavfi", "-i", "smptebars=size=320x240:rate=25",
                "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
            GenerateAsync(AudioOnly, "-f", "lavfi", "-i", "sine=frequency=440", "-t", "1", "-c:a", "aac"),
            GenerateAsync(HalfSecond, "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25",
                "-t", "0.5", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
            GenerateAsync(Wide, "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=10",
                "-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"));

        var whole = await File.ReadAllBytesAsync(VideoWithAudio);
        await File.WriteAllBytesAsync(Truncated, whole.AsMemory(0, whole.Length * 3 / 10).ToArray());
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Counts running processes whose command line mentions <paramref name="marker"/> (Linux /proc).</summary>
    public static int CountProcessesMentioning(string marker)
    {
        var count = 0;
        foreach (var directory in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                var state = File.ReadAllText(Path.Combine(directory, "stat"));
                // A zombie (state Z) has exited; it is not a running ffmpeg.
                var afterName = state[(state.LastIndexOf(')') + 2)..];
                if (commandLine.Contains(marker, StringComparison.Ordinal) && !afterName.StartsWith('Z'))
                {
                    count++;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return count;
    }

    private Task<MediaProcessResult> GenerateAsync(string output, params string[] arguments) =>
        Runner.RunAsync(MediaTool.Ffmpeg, ["-nostdin", "-hide_banner", "-loglevel", "error", .. arguments, "-y", output],
            TimeSpan.FromSeconds(60), 1024, CancellationToken.None);
}

[CollectionDefinition(Name)]
public sealed class MediaFiles : ICollectionFixture<TestMedia>
{
    public const string Name = "Media";
}
