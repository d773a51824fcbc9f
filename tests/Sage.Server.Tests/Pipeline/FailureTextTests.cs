using Sage.Server.Jobs;

namespace Sage.Server.Tests.Pipeline;

public sealed class FailureTextTests
{
    [Theory]
    [InlineData("ffprobe could not read the file: /var/lib/sage/objects/videos/1/clip.mp4: moov atom not found", "ffprobe could not read the file: clip.mp4: moov atom not found")]
    [InlineData("ffmpeg failed: https://s3.local/bucket/videos/clip.mp4?X-Amz-Signature=abc&X-Amz-Credential=key: 403 Forbidden", "ffmpeg failed: https://s3.local/bucket/videos/clip.mp4: 403 Forbidden")]
    [InlineData("the video is too short to compare (0.5 s; at least 1 s is needed)", "the video is too short to compare (0.5 s; at least 1 s is needed)")]
    [InlineData("The video is 320×180; TwelveLabs needs at least 360×360.", "The video is 320×180; TwelveLabs needs at least 360×360.")]
    [InlineData(@"cannot open C:\data\objects\clip.mp4", "cannot open clip.mp4")]
    public void Paths_Become_File_Names_And_Urls_Lose_Their_Query(string message, string expected) =>
        Assert.Equal(expected, FailureText.Redact(message));
}
