namespace Sage.Media.Tests;

public sealed class MediaToolVersionTests
{
    [Theory]
    [InlineData("ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers\nbuilt with gcc", "5.1.9-0+deb12u1", "5.1")]
    [InlineData("ffprobe version n6.1.1 Copyright (c) 2007-2023", "n6.1.1", "6.1")]
    [InlineData("ffmpeg version 7.0-static https://johnvansickle.com/ffmpeg/", "7.0-static", "7.0")]
    [InlineData("ffmpeg version N-113000-g1234abcd Copyright", "N-113000-g1234abcd", null)]
    public void Parses_Major_And_Minor_From_The_First_Line(string output, string raw, string? parsed)
    {
        var version = MediaToolVersion.FromVersionOutput(output);

        Assert.NotNull(version);
        Assert.Equal(raw, version.Raw);
        Assert.Equal(parsed, version.Parsed?.ToString());
    }

    [Fact]
    public void Returns_Null_For_Unrelated_Output()
    {
        Assert.Null(MediaToolVersion.FromVersionOutput("command not found"));
    }
}
