namespace Sage.Media.Tests;

[Collection(MediaFiles.Name)]
public sealed class FrameDecoderTests(TestMedia media)
{
    private const int Size = 224;
    private const int FrameBytes = Size * Size * 3;

    [Fact]
    public async Task Yields_Duration_Times_Rate_Frames_Of_Exactly_Width_Height_3_Bytes()
    {
        var frames = 0;
        await foreach (var frame in media.Tools.ReadFramesAsync(media.VideoWithAudio, 5, Size, Size, CancellationToken.None))
        {
            Assert.Equal(frames, frame.Index);
            Assert.Equal(frames / 5.0, frame.TimestampSeconds, 6);
            Assert.Equal(FrameBytes, frame.Rgb24.Length);
            Assert.Equal(Size, frame.Width);
            Assert.Equal(Size, frame.Height);
            frames++;
        }

        Assert.InRange(frames, 2 * 5 - 1, 2 * 5 + 1);
    }

    [Fact]
    public async Task Two_Different_Sources_Give_Different_Pixels()
    {
        var testPattern = await FirstFrameAsync(media.VideoWithAudio, FrameFit.Stretch);
        var bars = await FirstFrameAsync(media.VideoWithoutAudio, FrameFit.Stretch);

        Assert.Equal(FrameBytes, testPattern.Length);
        Assert.False(testPattern.AsSpan().SequenceEqual(bars));
        // Not a blank frame either.
        Assert.Contains(testPattern, b => b > 64);
    }

    [Fact]
    public async Task Letterbox_Pads_A_4_3_Source_With_Black_Rows()
    {
        // 320x240 into 224x224 keeps 4:3 as 224x168: 28 black rows above and below.
        var letterboxed = await FirstFrameAsync(media.VideoWithoutAudio, FrameFit.Letterbox);
        var stretched = await FirstFrameAsync(media.VideoWithoutAudio, FrameFit.Stretch);

        Assert.All(letterboxed.AsSpan(0, Size * 3 * 20).ToArray(), b => Assert.True(b < 20));
        Assert.Contains(stretched.AsSpan(0, Size * 3 * 20).ToArray(), b => b > 64);
    }

    [Fact]
    public async Task Cancellation_Kills_Ffmpeg_And_Leaves_No_Process()
    {
        var input = await UniquelyNamedCopyAsync();
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var frame in media.Tools.ReadFramesAsync(input, 25, Size, Size, cancellation.Token))
            {
                // ffmpeg is blocked writing the next frames into the pipe, so it is still running here.
                Assert.Equal(1, TestMedia.CountProcessesMentioning(Path.GetFileName(input)));
                await cancellation.CancelAsync();
            }
        });

        Assert.Equal(0, TestMedia.CountProcessesMentioning(Path.GetFileName(input)));
    }

    [Fact]
    public async Task Stopping_Early_Kills_Ffmpeg()
    {
        var input = await UniquelyNamedCopyAsync();

        await foreach (var frame in media.Tools.ReadFramesAsync(input, 25, Size, Size, CancellationToken.None))
        {
            Assert.Equal(1, TestMedia.CountProcessesMentioning(Path.GetFileName(input)));
            break;
        }

        Assert.Equal(0, TestMedia.CountProcessesMentioning(Path.GetFileName(input)));
    }

    [Fact]
    public async Task Unreadable_Input_Fails_With_The_Stderr_Tail()
    {
        var error = await Assert.ThrowsAsync<MediaToolException>(async () =>
        {
            await foreach (var frame in media.Tools.ReadFramesAsync(media.Truncated, 5, Size, Size, CancellationToken.None))
            {
            }
        });

        Assert.Contains("moov atom not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_Only_Run_Completes()
    {
        await media.Tools.DecodeOnlyAsync(media.VideoWithAudio, CancellationToken.None);
        await Assert.ThrowsAsync<MediaToolException>(() => media.Tools.DecodeOnlyAsync(media.Truncated, CancellationToken.None));
    }

    private async Task<byte[]> FirstFrameAsync(string input, FrameFit fit)
    {
        await foreach (var frame in media.Tools.ReadFramesAsync(input, 5, Size, Size, fit, CancellationToken.None))
        {
            return frame.Rgb24.ToArray();
        }

        throw new InvalidOperationException("no frame");
    }

    private async Task<string> UniquelyNamedCopyAsync()
    {
        var copy = media.PathOf("unique-" + Guid.NewGuid().ToString("N") + ".mp4");
        await using var source = File.OpenRead(media.VideoWithAudio);
        await using var destination = File.Create(copy);
        await source.CopyToAsync(destination);
        return copy;
    }
}
