namespace Sage.Media.Tests;

public sealed class InternalsTests
{
    [Fact]
    public void Stderr_Tail_Keeps_Only_The_Last_Lines()
    {
        var tail = new StderrTail();
        for (var i = 0; i < 1000; i++)
        {
            tail.Add("line " + i);
        }

        var lines = tail.ToString().Split('\n');
        Assert.Equal(StderrTail.MaxLines, lines.Length);
        Assert.Equal("line 999", lines[^1]);
    }

    [Fact]
    public void Stderr_Tail_Is_Bounded_In_Characters()
    {
        var tail = new StderrTail();
        for (var i = 0; i < 100; i++)
        {
            tail.Add(new string('x', 100_000));
        }

        Assert.True(tail.ToString().Length <= StderrTail.MaxChars);
    }

    [Fact]
    public void Logged_Arguments_Hide_Url_Query_Strings()
    {
        var logged = new ToolArguments(["-i", "https://bucket.s3/key.mp4?X-Amz-Signature=secret", "-f", "null"]).ToString();

        Assert.Equal("-i https://bucket.s3/key.mp4?… -f null", logged);
    }

    [Fact]
    public void A_Quoted_Presigned_Url_Loses_Its_Query_In_The_Stderr_Tail()
    {
        var tail = new StderrTail();
        tail.Add("https://s3.local/b/videos/1/clip.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261203&X-Amz-Signature=f00d: Invalid data found when processing input");
        tail.Add("[tcp @ 0x55d0] Connection to tcp://10.0.0.5:9000?timeout=5 failed: Connection refused");

        var text = tail.ToString();

        Assert.DoesNotContain("X-Amz-", text, StringComparison.Ordinal);
        Assert.DoesNotContain("timeout=5", text, StringComparison.Ordinal);
        Assert.Contains("https://s3.local/b/videos/1/clip.mp4?…: Invalid data found when processing input", text, StringComparison.Ordinal);
        Assert.Contains("tcp://10.0.0.5:9000?… failed", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_Inputs_Are_Absolute_And_Limited_To_The_File_Protocol()
    {
        var arguments = MediaInput.ToInputArguments("relative/clip.mp4");

        Assert.Equal(["-protocol_whitelist", "file", "-i", Path.GetFullPath("relative/clip.mp4")], arguments);
    }

    [Fact]
    public void Letterbox_Filter_Pads_And_Stretch_Filter_Does_Not()
    {
        Assert.Equal("fps=2,scale=224:224:flags=area,setsar=1,format=rgb24", FfmpegMediaTools.FrameFilter(2, 224, 224, FrameFit.Stretch));
        Assert.Contains("pad=224:224", FfmpegMediaTools.FrameFilter(2, 224, 224, FrameFit.Letterbox), StringComparison.Ordinal);
    }
}
