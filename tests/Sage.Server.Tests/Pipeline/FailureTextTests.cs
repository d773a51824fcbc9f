using Sage.Server.Jobs;

namespace Sage.Server.Tests.Pipeline;

public sealed class FailureTextTests
{
    [Theory]
    [InlineData("ffprobe could not read the file: /var/lib/sage/objects/videos/1/clip.mp4: moov atom not found", "ffprobe could not read the file: clip.mp4: moov atom not found")]
    [InlineData("ffmpeg failed: https://s3.local/bucket/videos/clip.mp4?X-Amz-Signature=abc&X-Amz-Credential=key: 403 Forbidden", "ffmpeg failed: clip.mp4: 403 Forbidden")]
    [InlineData("ffprobe could not read the file: [mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d0c1a2b3c0] moov atom not found\nhttp://127.0.0.1:9000/sage-videos/videos/01a2/clip.mp4?…: Invalid data found when processing input", "ffprobe could not read the file: moov atom not found\nclip.mp4: Invalid data found when processing input")]
    [InlineData("Connection to tcp://minio.internal:9000 failed", "Connection to a server failed")]
    [InlineData("the video is too short to compare (0.5 s; at least 1 s is needed)", "the video is too short to compare (0.5 s; at least 1 s is needed)")]
    [InlineData("The video is 320×180; TwelveLabs needs at least 360×360.", "The video is 320×180; TwelveLabs needs at least 360×360.")]
    [InlineData(@"cannot open C:\data\objects\clip.mp4", "cannot open clip.mp4")]
    public void Paths_Become_File_Names_And_Urls_Lose_Their_Query(string message, string expected) =>
        Assert.Equal(expected, FailureText.Redact(message));
}
