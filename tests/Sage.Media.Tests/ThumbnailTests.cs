namespace Sage.Media.Tests;

[Collection(MediaFiles.Name)]
public sealed class ThumbnailTests(TestMedia media)
{
    [Fact]
    public async Task Writes_A_Jpeg_At_Most_640_Wide()
    {
        using var jpeg = new MemoryStream();

        await media.Tools.ExtractThumbnailAsync(media.Wide, ThumbnailTime.Choose(1.0), jpeg, CancellationToken.None);

        var bytes = jpeg.ToArray();
        Assert.True(bytes.AsSpan().StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }));
        var (width, height) = JpegSize(bytes);
        Assert.Equal(640, width);
        Assert.Equal(360, height);
    }

    [Fact]
    public async Task Does_Not_Upscale_A_Small_Video()
    {
        using var jpeg = new MemoryStream();

        await media.Tools.ExtractThumbnailAsync(media.VideoWithAudio, 1, jpeg, CancellationToken.None);

        Assert.Equal((320, 240), JpegSize(jpeg.ToArray()));
    }

    [Fact]
    public async Task Seeking_Past_The_End_Fails()
    {
        using var jpeg = new MemoryStream();

        await Assert.ThrowsAsync<MediaToolException>(() => media.Tools.ExtractThumbnailAsync(media.HalfSecond, 30, jpeg, CancellationToken.None));
    }

    [Theory]
    [InlineData(60, 1)]
    [InlineData(2, 1)]
    [InlineData(1.5, 0.75)]
    [InlineData(0.5, 0.25)]
    [InlineData(0, 0)]
    public void Chooses_One_Second_Or_Mid_Way_For_Short_Videos(double duration, double expected)
    {
        Assert.Equal(expected, ThumbnailTime.Choose(duration), 6);
    }

    /// <summary>Reads the size from the JPEG's start-of-frame segment.</summary>
    private static (int Width, int Height) JpegSize(byte[] jpeg)
    {
        var i = 2;
        while (i + 9 < jpeg.Length)
        {
            Assert.Equal(0xFF, jpeg[i]);
            var marker = jpeg[i + 1];
            var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (marker is >= 0xC0 and <= 0xC3)
            {
                return ((jpeg[i + 7] << 8) | jpeg[i + 8], (jpeg[i + 5] << 8) | jpeg[i + 6]);
            }

            i += 2 + length;
        }

        throw new InvalidOperationException("no SOF marker");
    }
}
