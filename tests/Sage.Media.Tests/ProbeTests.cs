namespace Sage.Media.Tests;

[Collection(MediaFiles.Name)]
public sealed class ProbeTests(TestMedia media)
{
    [Fact]
    public async Task Probes_A_Video_With_Audio()
    {
        var probe = await media.Tools.ProbeAsync(media.VideoWithAudio, CancellationToken.None);

        Assert.InRange(probe.DurationSeconds, 1.9, 2.1);
        Assert.Equal(320, probe.Width);
        Assert.Equal(240, probe.Height);
        Assert.Equal(25, probe.FramesPerSecond, 3);
        Assert.Equal("h264", probe.VideoCodec);
        Assert.Equal("aac", probe.AudioCodec);
        Assert.True(probe.HasAudio);
    }

    [Fact]
    public async Task Probes_A_Video_Without_Audio()
    {
        var probe = await media.Tools.ProbeAsync(media.VideoWithoutAudio, CancellationToken.None);

        Assert.False(probe.HasAudio);
        Assert.Null(probe.AudioCodec);
    }

    [Fact]
    public async Task Half_Second_Video_Probes_Fine()
    {
        var probe = await media.Tools.ProbeAsync(media.HalfSecond, CancellationToken.None);

        Assert.InRange(probe.DurationSeconds, 0.4, 0.6);
        Assert.Equal(160, probe.Width);
    }

    [Fact]
    public async Task Audio_Only_File_Is_Unreadable_Because_It_Has_No_Video_Stream()
    {
        var error = await Assert.ThrowsAsync<UnreadableMediaException>(() => media.Tools.ProbeAsync(media.AudioOnly, CancellationToken.None));

        Assert.Equal("the file has no video stream", error.Message);
    }

    [Fact]
    public async Task Truncated_Mp4_Is_Unreadable_With_Ffprobes_Reason()
    {
        var error = await Assert.ThrowsAsync<UnreadableMediaException>(() => media.Tools.ProbeAsync(media.Truncated, CancellationToken.None));

        Assert.StartsWith("ffprobe could not read the file: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("moov atom not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_File_Is_Unreadable()
    {
        var error = await Assert.ThrowsAsync<UnreadableMediaException>(() =>
            media.Tools.ProbeAsync(media.PathOf("nope.mp4"), CancellationToken.None));

        Assert.Contains("No such file or directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_Url_Schemes_Are_Refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => media.Tools.ProbeAsync("ftp://example.com/a.mp4", CancellationToken.None));
    }

    [Fact]
    public async Task Ffmpeg_Protocols_Are_Refused()
    {
        // "concat:a|b" would make ffmpeg open other files.
        await Assert.ThrowsAsync<ArgumentException>(() =>
            media.Tools.ProbeAsync("concat:" + media.VideoWithAudio + "|" + media.VideoWithAudio, CancellationToken.None));
    }

    [Fact]
    public async Task An_Absolute_Path_With_A_Colon_Is_Read_As_A_File()
    {
        var odd = media.PathOf("subfile:odd name.mp4");
        File.Copy(media.HalfSecond, odd);

        var probe = await media.Tools.ProbeAsync(odd, CancellationToken.None);

        Assert.Equal(160, probe.Width);
    }

    [Fact]
    public async Task Probes_And_Decodes_An_Http_Url()
    {
        await using var server = new LoopbackFileServer(media.VideoWithAudio);

        var probe = await media.Tools.ProbeAsync(server.Url.AbsoluteUri, CancellationToken.None);
        var frames = 0;
        await foreach (var frame in media.Tools.ReadFramesAsync(server.Url.AbsoluteUri, 2, 32, 32, CancellationToken.None))
        {
            frames++;
        }

        Assert.Equal(320, probe.Width);
        Assert.InRange(frames, 3, 5);
    }
}
