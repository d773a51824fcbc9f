namespace Sage.Media.Tests;

public sealed class BrowserPlayabilityTests
{
    private static VideoProbe ParseFile(string name) =>
        FfprobeOutputParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name)));

    private static VideoProbe Mp4(string codec = "h264", string? profile = "High", string? pixelFormat = "yuv420p",
        string? fieldOrder = "progressive", string? audio = "aac", string format = "mov,mp4,m4a,3gp,3g2,mj2") => new()
    {
        DurationSeconds = 10,
        Width = 1920,
        Height = 1080,
        FramesPerSecond = 25,
        VideoCodec = codec,
        VideoProfile = profile,
        PixelFormat = pixelFormat,
        FieldOrder = fieldOrder,
        AudioCodec = audio,
        FormatName = format,
    };

    [Fact]
    public void Parser_Reads_Profile_Pixel_Format_And_Field_Order()
    {
        var mpeg2 = ParseFile("mpeg2-mp2-ps-320x240-25fps-2s.json");
        Assert.Equal("Main", mpeg2.VideoProfile);
        Assert.Equal("yuv420p", mpeg2.PixelFormat);
        Assert.Equal("progressive", mpeg2.FieldOrder);
        Assert.False(mpeg2.IsInterlaced);

        var interlaced = ParseFile("h264-interlaced-tff-720x576-25fps-2s.json");
        Assert.Equal("tt", interlaced.FieldOrder);
        Assert.True(interlaced.IsInterlaced);
    }

    [Fact]
    public void H264_Mp4_With_Aac_Plays() =>
        Assert.True(BrowserPlayability.Decide(ParseFile("h264-aac-320x240-25fps-2s.json")).Plays);

    [Fact]
    public void Vp8_WebM_Plays() =>
        Assert.True(BrowserPlayability.Decide(ParseFile("vp8-webm-ntsc-no-stream-duration.json")).Plays);

    [Fact]
    public void Mpeg2_Program_Stream_Does_Not_Play_Because_Of_Its_Container()
    {
        var verdict = BrowserPlayability.Decide(ParseFile("mpeg2-mp2-ps-320x240-25fps-2s.json"));
        Assert.False(verdict.Plays);
        Assert.Contains("container (mpeg)", verdict.Reason);
    }

    [Fact]
    public void Interlaced_H264_Does_Not_Play()
    {
        var verdict = BrowserPlayability.Decide(ParseFile("h264-interlaced-tff-720x576-25fps-2s.json"));
        Assert.False(verdict.Plays);
        Assert.Contains("interlaced", verdict.Reason);
    }

    [Theory]
    [InlineData("hevc", "Main", "yuv420p")]
    [InlineData("prores", "HQ", "yuv422p10le")]
    [InlineData("h264", "High 10", "yuv420p10le")]
    [InlineData("h264", "High 4:2:2", "yuv422p")]
    [InlineData("h264", "High", "yuv444p")]
    [InlineData("av1", "Main", "yuv420p")]
    public void Codecs_Profiles_And_Pixel_Formats_Outside_The_Common_Set_Do_Not_Play(string codec, string profile, string pixelFormat) =>
        Assert.False(BrowserPlayability.Decide(Mp4(codec, profile, pixelFormat)).Plays);

    [Fact]
    public void Pcm_Audio_In_Mov_Does_Not_Play() =>
        Assert.False(BrowserPlayability.Decide(Mp4(audio: "pcm_s16le")).Plays);

    [Fact]
    public void Silent_H264_Main_Plays() =>
        Assert.True(BrowserPlayability.Decide(Mp4(profile: "Main", audio: null)).Plays);

    [Fact]
    public void Avi_And_Mxf_Do_Not_Play()
    {
        Assert.False(BrowserPlayability.Decide(Mp4(format: "avi")).Plays);
        Assert.False(BrowserPlayability.Decide(Mp4(format: "mxf")).Plays);
    }
}
