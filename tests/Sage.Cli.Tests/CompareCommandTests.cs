namespace Sage.Cli.Tests;

/// <summary>compare's exit codes on real videos with the local engine: a control pair (same picture, another encode) and an edited pair.</summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly SageServerFactory _server = new();
    private readonly TestVideos _videos = new();
    private readonly string _state = Directory.CreateTempSubdirectory("sage-cli-state-").FullName;

    [Fact]
    public async Task Control_Pair_Exits_0_And_Edited_Pair_Exits_1_Then_Against_A_Folder_Of_5()
    {
        var master = await Encode("master.mp4", "18", edited: false);
        var control = await Encode("control.mp4", "30", edited: false);
        var edited = await Encode("edited.mp4", "18", edited: true);

        var same = await CliRun.RunAsync(_server.BaseAddress, _state, "compare", master, control, "--min-seconds", "0.5");
        Assert.True(same.ExitCode == 0, same.Out + same.Error);

        var differs = await CliRun.RunAsync(_server.BaseAddress, _state, "compare", master, edited, "--format", "json");
        Assert.True(differs.ExitCode == 1, differs.Out + differs.Error);
        Assert.Contains("\"kind\": \"changed\"", differs.Out, StringComparison.Ordinal);

        // Only inserted counts: the edit is a change, so the gate passes.
        var onlyInserted = await CliRun.RunAsync(_server.BaseAddress, _state, "compare", master, edited, "--fail-on", "inserted");
        Assert.True(onlyInserted.ExitCode == 0, onlyInserted.Out + onlyInserted.Error);

        var folder = Directory.CreateDirectory(Path.Combine(_videos.Directory, "deliveries")).FullName;
        File.Copy(control, Path.Combine(folder, "a-control.mp4"));
        File.Copy(edited, Path.Combine(folder, "b-edited.mp4"));
        File.Copy(master, Path.Combine(folder, "c-master.mp4"));
        File.Copy(await Encode("d.mp4", "24", edited: false), Path.Combine(folder, "d-control.mp4"));
        File.Copy(await Encode("e.mp4", "24", edited: true), Path.Combine(folder, "e-edited.mp4"));

        var batch = await CliRun.RunAsync(_server.BaseAddress, _state, "compare", master, "--against", folder, "--min-seconds", "0.5");
        Assert.True(batch.ExitCode == 1, batch.Out + batch.Error);
        var lines = batch.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("same    a-control.mp4", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("DIFFERS b-edited.mp4", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("same    c-master.mp4", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("same    d-control.mp4", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("DIFFERS e-edited.mp4", lines[4], StringComparison.Ordinal);
        Assert.Equal("total: 5 compared, 2 differ, 3 same", lines[5]);
    }

    /// <summary>10 s of testsrc2; edited ones have seconds 4–7 replaced by a Mandelbrot zoom.</summary>
    private Task<string> Encode(string name, string crf, bool edited) => _videos.FfmpegAsync(name,
        ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=10", "-f", "lavfi", "-i", "mandelbrot=size=320x240:rate=25",
         "-f", "lavfi", "-i", "sine=frequency=440:duration=10",
         "-filter_complex", edited ? "[0:v][1:v]overlay=enable='between(t,4,7)'[v]" : "[0:v]null[v]",
         "-map", "[v]", "-map", "2:a", "-t", "10", "-c:v", "libx264", "-preset", "ultrafast", "-crf", crf, "-pix_fmt", "yuv420p", "-c:a", "aac"]);

    public void Dispose()
    {
        _server.Dispose();
        _videos.Dispose();
        Directory.Delete(_state, recursive: true);
    }
}
