namespace Sage.Media.Tests;

public sealed class FfprobeOutputParserTests
{
    private static VideoProbe ParseFile(string name) =>
        FfprobeOutputParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name)));

    [Fact]
    public void Reads_Duration_Size_Rate_And_Codecs_Of_An_Mp4_With_Audio()
    {
        var probe = ParseFile("h264-aac-320x240-25fps-2s.json");

        Assert.Equal(2.0, probe.DurationSeconds, 3);
        Assert.Equal(320, probe.Width);
        Assert.Equal(240, probe.Height);
        Assert.Equal(25.0, probe.FramesPerSecond, 6);
        Assert.Equal("h264", probe.VideoCodec);
        Assert.Equal("aac", probe.AudioCodec);
        Assert.True(probe.HasAudio);
        Assert.Equal(0, probe.Rotation);
        Assert.Equal("mov,mp4,m4a,3gp,3g2,mj2", probe.FormatName);
        Assert.NotNull(probe.BitRate);
    }

    [Fact]
    public void Uses_Format_Duration_When_The_Stream_Has_None_And_Reads_Ntsc_Rate()
    {
        var probe = ParseFile("vp8-webm-ntsc-no-stream-duration.json");

        Assert.Equal(1.001, probe.DurationSeconds, 3);
        Assert.Equal(30000.0 / 1001, probe.FramesPerSecond, 6);
        Assert.Equal("vp8", probe.VideoCodec);
        Assert.False(probe.HasAudio);
        Assert.Null(probe.AudioCodec);
    }

    [Fact]
    public void Swaps_Width_And_Height_For_A_Rotated_Phone_Video_And_Falls_Back_To_R_Frame_Rate()
    {
        var probe = ParseFile("phone-portrait-rotated-hand-edited.json");

        Assert.Equal(1080, probe.Width);
        Assert.Equal(1920, probe.Height);
        Assert.Equal(270, probe.Rotation);
        Assert.Equal(30000.0 / 1001, probe.FramesPerSecond, 6);
        Assert.Equal(12.012, probe.DurationSeconds, 3);
    }

    [Fact]
    public void Audio_Only_File_Has_No_Video_Stream()
    {
        var error = Assert.Throws<UnreadableMediaException>(() => ParseFile("aac-audio-only.json"));
        Assert.Equal("the file has no video stream", error.Message);
    }

    [Fact]
    public void Cover_Art_Is_Not_A_Video_Stream()
    {
        var error = Assert.Throws<UnreadableMediaException>(() => ParseFile("audio-with-cover-art-hand-edited.json"));
        Assert.Equal("the file has no video stream", error.Message);
    }

    [Fact]
    public void Invalid_Json_Is_Unreadable()
    {
        Assert.Throws<UnreadableMediaException>(() => FfprobeOutputParser.Parse("{ not json"));
    }

    [Fact]
    public void Video_Without_Any_Duration_Is_Unreadable()
    {
        const string json = """{ "streams": [ { "codec_type": "video", "codec_name": "png", "width": 10, "height": 10 } ], "format": {} }""";
        var error = Assert.Throws<UnreadableMediaException>(() => FfprobeOutputParser.Parse(json));
        Assert.Contains("duration", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30000/1001", 29.97002997)]
    [InlineData("25/1", 25)]
    [InlineData("0/0", 0)]
    [InlineData("1/0", 0)]
    [InlineData("", 0)]
    [InlineData(null, 0)]
    [InlineData("24", 24)]
    [InlineData("junk", 0)]
    public void Parses_Frame_Rate_Fractions(string? rate, double expected)
    {
        Assert.Equal(expected, FfprobeOutputParser.ParseRate(rate), 6);
    }
}
