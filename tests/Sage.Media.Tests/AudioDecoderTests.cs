namespace Sage.Media.Tests;

[Collection(MediaFiles.Name)]
public sealed class AudioDecoderTests(TestMedia media)
{
    private const int Rate = 16000;

    [Fact]
    public async Task Yields_About_Duration_Times_Rate_Samples_Of_The_Sine()
    {
        long samples = 0;
        double sumOfSquares = 0;
        await foreach (var block in media.Tools.ReadAudioAsync(media.VideoWithAudio, Rate, CancellationToken.None))
        {
            Assert.Equal(samples, block.StartSample);
            Assert.Equal(samples / (double)Rate, block.StartSeconds, 6);
            Assert.InRange(block.Samples.Length, 1, Rate);
            foreach (var sample in block.Samples.Span)
            {
                sumOfSquares += sample * sample;
            }

            samples += block.Samples.Length;
        }

        Assert.InRange(samples, 2 * Rate - Rate / 20, 2 * Rate + Rate / 20);
        // lavfi's sine has amplitude 1/8: RMS about 0.088.
        Assert.InRange(Math.Sqrt(sumOfSquares / samples), 0.05, 0.2);
    }

    [Fact]
    public async Task A_File_Without_Audio_Yields_Nothing()
    {
        var blocks = 0;
        await foreach (var block in media.Tools.ReadAudioAsync(media.VideoWithoutAudio, Rate, CancellationToken.None))
        {
            blocks++;
        }

        Assert.Equal(0, blocks);
    }

    [Fact]
    public async Task Unreadable_Input_Still_Throws()
    {
        await Assert.ThrowsAsync<MediaToolException>(async () =>
        {
            await foreach (var block in media.Tools.ReadAudioAsync(media.Truncated, Rate, CancellationToken.None))
            {
            }
        });
    }

    [Fact]
    public async Task Cancellation_Kills_Ffmpeg_And_Leaves_No_Process()
    {
        var input = media.PathOf("unique-audio-" + Guid.NewGuid().ToString("N") + ".mp4");
        File.Copy(media.VideoWithAudio, input);
        using var cancellation = new CancellationTokenSource();

        // At 48 kHz the 2 s of PCM (384 KB) overflow the pipe, so ffmpeg is still running when we cancel.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var block in media.Tools.ReadAudioAsync(input, 48000, cancellation.Token))
            {
                await cancellation.CancelAsync();
            }
        });

        Assert.Equal(0, TestMedia.CountProcessesMentioning(Path.GetFileName(input)));
    }
}
