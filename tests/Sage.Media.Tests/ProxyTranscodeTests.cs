using System.Diagnostics;

namespace Sage.Media.Tests;

[Collection(MediaFiles.Name)]
public sealed class ProxyTranscodeTests(TestMedia media)
{
    private async Task<string> MakeAsync(string name, params string[] arguments)
    {
        var path = media.PathOf(name);
        if (!File.Exists(path))
        {
            await media.Runner.RunAsync(MediaTool.Ffmpeg, ["-nostdin", "-v", "error", "-y", .. arguments, path], TimeSpan.FromSeconds(60), 1024, CancellationToken.None);
        }

        return path;
    }

    private Task<string> Mpeg2ProgramStreamAsync() => MakeAsync("mpeg2-ps.mpg",
        "-f", "lavfi", "-i", "testsrc2=size=720x576:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
        "-t", "3", "-c:v", "mpeg2video", "-c:a", "mp2", "-f", "mpeg");

    private Task<string> InterlacedAsync() => MakeAsync("interlaced-tff.mp4",
        "-f", "lavfi", "-i", "testsrc2=size=720x576:rate=25",
        "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-flags", "+ildct+ilme", "-x264-params", "tff=1", "-pix_fmt", "yuv420p");

    private static ProxyRequest Request(string input, double duration, bool deinterlace, int maxHeight = 720) =>
        new(input, input + ".proxy.mp4", duration, maxHeight, 23, "veryfast", deinterlace);

    [Fact]
    public void Progress_Lines_Give_The_Output_Position()
    {
        Assert.Equal(1.5, FfmpegProgressParser.PositionSeconds("out_time_us=1500000"));
        Assert.Equal(1.5, FfmpegProgressParser.PositionSeconds("out_time_ms=1500000"));
        Assert.Null(FfmpegProgressParser.PositionSeconds("out_time=00:00:01.500000"));
        Assert.Null(FfmpegProgressParser.PositionSeconds("out_time_us=N/A"));
        Assert.True(FfmpegProgressParser.IsEnd("progress=end"));
        Assert.False(FfmpegProgressParser.IsEnd("progress=continue"));
    }

    [Fact]
    public void Filter_Deinterlaces_Only_When_Asked_And_Never_Upscales()
    {
        Assert.Equal("scale=-2:'min(720,ih)':flags=bicubic,format=yuv420p", FfmpegMediaTools.ProxyFilter(720, deinterlace: false));
        Assert.StartsWith("bwdif=", FfmpegMediaTools.ProxyFilter(720, deinterlace: true), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_Mpeg2_Program_Stream_Becomes_A_Playable_H264_Mp4_With_Progress()
    {
        var input = await Mpeg2ProgramStreamAsync();
        var inputProbe = await media.Tools.ProbeAsync(input, CancellationToken.None);
        Assert.False(BrowserPlayability.Decide(inputProbe).Plays);
        var reports = new List<double>();
        var request = Request(input, inputProbe.DurationSeconds, deinterlace: false, maxHeight: 480);

        await media.Tools.TranscodeProxyAsync(request, new SynchronousProgress(reports.Add), CancellationToken.None);

        var proxy = await media.Tools.ProbeAsync(request.OutputPath, CancellationToken.None);
        Assert.True(BrowserPlayability.Decide(proxy).Plays, BrowserPlayability.Decide(proxy).Reason);
        Assert.Equal("h264", proxy.VideoCodec);
        Assert.Equal("aac", proxy.AudioCodec);
        Assert.Equal(480, proxy.Height);
        Assert.Equal(3.0, proxy.DurationSeconds, 1);
        Assert.Equal(1.0, reports[^1]);
        Assert.True(IsFastStart(request.OutputPath), "moov should come before mdat");
        Assert.All(await KeyframeTimesGapsAsync(request.OutputPath), gap => Assert.True(gap <= 2.0 + 1e-6, $"keyframe gap {gap}"));
    }

    [Fact]
    public async Task An_Interlaced_Video_Gets_A_Progressive_Proxy_At_Its_Own_Rate()
    {
        var input = await InterlacedAsync();
        var inputProbe = await media.Tools.ProbeAsync(input, CancellationToken.None);
        Assert.True(inputProbe.IsInterlaced);
        var request = Request(input, inputProbe.DurationSeconds, deinterlace: true);

        await media.Tools.TranscodeProxyAsync(request, null, CancellationToken.None);

        var proxy = await media.Tools.ProbeAsync(request.OutputPath, CancellationToken.None);
        Assert.False(proxy.IsInterlaced);
        Assert.True(BrowserPlayability.Decide(proxy).Plays, BrowserPlayability.Decide(proxy).Reason);
        Assert.Equal(25.0, proxy.FramesPerSecond, 1);
        Assert.Equal(576, proxy.Height);
    }

    [Fact]
    public async Task Cancelling_Kills_Ffmpeg()
    {
        var input = await Mpeg2ProgramStreamAsync();
        using var cancellation = new CancellationTokenSource();
        var request = Request(input, 3, deinterlace: false) with { OutputPath = input + ".cancelled.mp4" };
        var progress = new SynchronousProgress(_ => cancellation.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => media.Tools.TranscodeProxyAsync(request, progress, cancellation.Token));
        Assert.Equal(0, TestMedia.CountProcessesMentioning(request.OutputPath));
    }

    private static bool IsFastStart(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        var moov = text.IndexOf("moov", StringComparison.Ordinal);
        var mdat = text.IndexOf("mdat", StringComparison.Ordinal);
        return moov >= 0 && mdat >= 0 && moov < mdat;
    }

    private async Task<List<double>> KeyframeTimesGapsAsync(string path)
    {
        var result = await media.Runner.RunAsync(MediaTool.Ffprobe,
            ["-v", "error", "-select_streams", "v:0", "-skip_frame", "nokey", "-show_entries", "frame=pts_time", "-of", "csv=p=0", path],
            TimeSpan.FromSeconds(30), 1024 * 1024, CancellationToken.None);
        var times = System.Text.Encoding.UTF8.GetString(result.Output.Span)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => double.Parse(t.TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(times.Count >= 2);
        return times.Zip(times.Skip(1), (a, b) => b - a).ToList();
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
