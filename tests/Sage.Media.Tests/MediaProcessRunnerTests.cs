namespace Sage.Media.Tests;

[Collection(MediaFiles.Name)]
public sealed class MediaProcessRunnerTests(TestMedia media)
{
    /// <summary>ffmpeg reading an endless lavfi source in real time; the marker makes its command line findable.</summary>
    private static string[] EndlessArguments(string marker) =>
        ["-nostdin", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=25",
         "-metadata", "comment=" + marker, "-f", "null", "-"];

    [Fact]
    public async Task Captures_Stdout_Of_A_Successful_Run()
    {
        var result = await media.Runner.RunAsync(MediaTool.Ffmpeg, ["-hide_banner", "-version"], TimeSpan.FromSeconds(30), 1024 * 1024, CancellationToken.None);

        Assert.StartsWith("ffmpeg version", System.Text.Encoding.UTF8.GetString(result.Output.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_Zero_Exit_Message_Has_Tool_Exit_Code_And_Stderr_Tail()
    {
        var missing = media.PathOf("does-not-exist.mp4");

        var error = await Assert.ThrowsAsync<MediaToolException>(() =>
            media.Runner.RunAsync(MediaTool.Ffmpeg, ["-nostdin", "-i", missing, "-f", "null", "-"], TimeSpan.FromSeconds(30), 1024, CancellationToken.None));

        Assert.Equal("ffmpeg", error.ToolName);
        Assert.NotNull(error.ExitCode);
        Assert.NotEqual(0, error.ExitCode);
        Assert.Contains("ffmpeg exited with code", error.Message, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", error.Message, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", error.ErrorTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeout_Kills_The_Process_Tree()
    {
        var marker = "sage-timeout-" + Guid.NewGuid().ToString("N");

        var error = await Assert.ThrowsAsync<MediaToolTimeoutException>(() =>
            media.Runner.RunAsync(MediaTool.Ffmpeg, EndlessArguments(marker), TimeSpan.FromSeconds(1), 1024, CancellationToken.None));

        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, TestMedia.CountProcessesMentioning(marker));
    }

    [Fact]
    public async Task Cancellation_Kills_The_Process_And_Leaves_None_Behind()
    {
        var marker = "sage-cancel-" + Guid.NewGuid().ToString("N");
        using var cancellation = new CancellationTokenSource();

        var run = media.Runner.RunAsync(MediaTool.Ffmpeg, EndlessArguments(marker), TimeSpan.FromMinutes(1), 1024, cancellation.Token);
        await WaitUntilAsync(() => TestMedia.CountProcessesMentioning(marker) == 1);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(0, TestMedia.CountProcessesMentioning(marker));
    }

    [Fact]
    public async Task Output_Beyond_The_Cap_Kills_The_Process()
    {
        string[] arguments = ["-nostdin", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=25",
            "-f", "rawvideo", "pipe:1"];

        var error = await Assert.ThrowsAsync<MediaToolException>(() =>
            media.Runner.RunAsync(MediaTool.Ffmpeg, arguments, TimeSpan.FromSeconds(30), 100_000, CancellationToken.None));

        Assert.Contains("more than 100000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_Executable_Says_Which_Setting_To_Fix()
    {
        var runner = TestMedia.CreateRunner(new MediaOptions { FfprobePath = "/nonexistent/ffprobe" });

        var error = await Assert.ThrowsAsync<MediaToolException>(() =>
            runner.RunAsync(MediaTool.Ffprobe, ["-version"], null, 1024, CancellationToken.None));

        Assert.Contains("/nonexistent/ffprobe", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sage:Media:FfprobePath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_Process_Is_Killed_When_Disposed_Early()
    {
        var marker = "sage-stream-" + Guid.NewGuid().ToString("N");
        string[] arguments = ["-nostdin", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=25",
            "-metadata", "comment=" + marker, "-f", "rawvideo", "pipe:1"];

        await using (var process = media.Runner.Start(MediaTool.Ffmpeg, arguments, CancellationToken.None))
        {
            var buffer = new byte[64 * 64 * 3];
            await process.Output.ReadExactlyAsync(buffer);
            Assert.Equal(1, TestMedia.CountProcessesMentioning(marker));
        }

        Assert.Equal(0, TestMedia.CountProcessesMentioning(marker));
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
