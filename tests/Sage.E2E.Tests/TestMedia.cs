namespace Sage.E2E.Tests;

/// <summary>Videos made by ffmpeg from lavfi sources (and one text file) in a temp folder deleted afterwards.</summary>
public sealed class TestMedia : IDisposable
{
    private readonly TestVideos _videos = new();

    public string Directory => _videos.Directory;

    public string Original => Path.Combine(Directory, "original.mp4");

    public string Edited => Path.Combine(Directory, "edited.mp4");

    public string Large => Path.Combine(Directory, "large.mp4");

    public string Text => Path.Combine(Directory, "notes.txt");

    /// <summary>The edited copy shows a mandelbrot instead of the test pattern between these seconds.</summary>
    public const double EditStart = 6;

    public const double EditEnd = 10;

    public async Task CreateAsync()
    {
        const string pattern = "testsrc2=size=320x240:rate=25:duration=16";
        const string tone = "sine=frequency=440:duration=16";
        await FfmpegAsync(Original, ["-f", "lavfi", "-i", pattern, "-f", "lavfi", "-i", tone,
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"]);
        await FfmpegAsync(Edited, ["-f", "lavfi", "-i", pattern, "-f", "lavfi", "-i", "mandelbrot=size=320x240:rate=25", "-f", "lavfi", "-i", tone,
            "-filter_complex", $"[0:v][1:v]overlay=enable='between(t,{EditStart},{EditEnd})'[v]", "-map", "[v]", "-map", "2:a",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "16"]);
        // Noise does not compress: about 40 MB of real, playable H.264, for the reload-and-resume test.
        await FfmpegAsync(Large, ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=12", "-vf", "noise=alls=80:allf=t+u",
            "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p"]);
        await File.WriteAllTextAsync(Text, "These are notes, not a video.\n");
    }

    private Task<string> FfmpegAsync(string output, IReadOnlyList<string> arguments) => _videos.FfmpegAsync(Path.GetFileName(output), arguments);

    public void Dispose() => _videos.Dispose();
}
