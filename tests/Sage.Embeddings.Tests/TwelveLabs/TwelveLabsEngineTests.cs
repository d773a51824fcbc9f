using Sage.Core.Embeddings;
using Sage.Embeddings.TwelveLabs;
using Sage.Tests.TwelveLabs;

namespace Sage.Embeddings.Tests.TwelveLabs;

public sealed class TwelveLabsEngineTests
{
    [Fact]
    public async Task V1_Returns_One_Clip_Per_Clip_Length_For_Each_Option_And_The_Video_Vectors()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        var request = harness.UrlRequest(20);

        var result = await harness.Engine.EmbedAsync(request, null, CancellationToken.None);

        var set = result.Set;
        Assert.Equal("twelvelabs", set.Engine);
        Assert.Equal("marengo3.0", set.Model);
        Assert.Equal(512, set.Dimension);
        Assert.Equal(2, set.ClipLength);
        Assert.Equal(["audio", "transcription", "visual"], set.ClipOptions);
        foreach (var option in set.ClipOptions)
        {
            var clips = set.Clips(option);
            Assert.Equal(10, clips.Count);
            Assert.Equal(0, clips[0].Start);
            Assert.Equal(20, clips[^1].End);
            Assert.All(clips, c => Assert.Equal(512, c.Vector.Length));
        }

        var videoVectors = set.Segments.Where(s => s.Scope == EmbeddingScope.Video).ToList();
        Assert.Equal(3, videoVectors.Count);
        Assert.All(videoVectors, v => Assert.Equal((0.0, 20.0), (v.Start, v.End)));
        Assert.Empty(result.Skipped);

        var task = Assert.Single(harness.Fake.Tasks);
        Assert.Equal(["clip", "video"], task.Scopes);
        Assert.Equal(2, task.ClipLength);
        Assert.Equal(0, harness.Fake.RequestsWithoutKey);
        Assert.All(harness.Fake.Requests.Where(r => r.Endpoint == FakeTwelveLabsEndpoint.CreateTask), r => Assert.StartsWith("multipart/form-data", r.ContentType, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Url_Source_Is_Sent_As_Video_Url_And_Fetched_Byte_For_Byte()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        var video = await TwelveLabsHarness.MakeVideoAsync(harness.Folder, 5);
        var request = harness.UrlRequest(5, video);

        await harness.Engine.EmbedAsync(request, null, CancellationToken.None);

        var task = Assert.Single(harness.Fake.Tasks);
        Assert.Equal(request.Source.Url, task.VideoUrl);
        Assert.Equal(TwelveLabsHarness.Sha256(video), task.VideoSha256);
        Assert.Equal(new FileInfo(video).Length, task.VideoBytes);
        Assert.Equal(1, harness.Fake.Hits(FakeTwelveLabsEndpoint.ServeFile));
    }

    [Fact]
    public async Task Local_File_Is_Streamed_As_Video_File_With_A_Known_Length()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        var video = await TwelveLabsHarness.MakeVideoAsync(harness.Folder, 6);
        harness.Fake.VideoDurationSeconds = 6;
        var request = new EmbeddingRequest { Source = VideoSource.FromFile(video), Probe = TwelveLabsHarness.Probe(6, 640, 360) };

        var result = await harness.Engine.EmbedAsync(request, null, CancellationToken.None);

        var task = Assert.Single(harness.Fake.Tasks);
        Assert.Null(task.VideoUrl);
        Assert.Equal("clip.mp4", task.VideoFileName);
        Assert.Equal(TwelveLabsHarness.Sha256(video), task.VideoSha256);
        Assert.Equal(new FileInfo(video).Length, task.VideoBytes);
        // Content-Length was sent: the body was streamed from the file with its size known, not chunked or buffered.
        Assert.NotNull(task.RequestContentLength);
        Assert.True(task.RequestContentLength > task.VideoBytes);
        Assert.Equal(3, result.Set.Clips(EmbeddingOption.Visual).Count);
    }

    [Fact]
    public async Task V2_Returns_The_Same_Segment_Model_With_Asset_As_Video()
    {
        await using var harness = await TwelveLabsHarness.StartAsync(new Dictionary<string, string?> { ["Sage:TwelveLabs:Api"] = "V2" });
        var request = harness.UrlRequest(20);

        var result = await harness.Engine.EmbedAsync(request, null, CancellationToken.None);

        Assert.Equal(1, harness.Fake.Hits(FakeTwelveLabsEndpoint.CreateV2Task));
        Assert.Equal(0, harness.Fake.Hits(FakeTwelveLabsEndpoint.CreateTask));
        Assert.Equal(["audio", "transcription", "visual"], result.Set.ClipOptions);
        Assert.Equal(10, result.Set.Clips(EmbeddingOption.Visual).Count);
        Assert.Equal(3, result.Set.Segments.Count(s => s.Scope == EmbeddingScope.Video));
        Assert.Equal(512, result.Set.Dimension);
        Assert.Equal(2, harness.Fake.LastTask!.ApiVersion);
    }

    [Fact]
    public async Task V2_Refuses_A_Local_File_Before_Sending()
    {
        await using var harness = await TwelveLabsHarness.StartAsync(new Dictionary<string, string?> { ["Sage:TwelveLabs:Api"] = "V2" });
        var request = new EmbeddingRequest { Source = VideoSource.FromFile(harness.StandInVideo), Probe = TwelveLabsHarness.Probe(20) };

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.VideoNotAccepted, () => harness.Engine.EmbedAsync(request, null, CancellationToken.None));

        Assert.Equal(TwelveLabsVideoRule.SourceNotSupported, error.Rule);
        Assert.Contains("URL only", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Fake.Requests);
    }

    [Fact]
    public async Task Marengo_27_Gives_1024_Dimensional_Visual_Text_And_Audio()
    {
        await using var harness = await TwelveLabsHarness.StartAsync(new Dictionary<string, string?> { ["Sage:TwelveLabs:Model"] = "Marengo-retrieval-2.7" });
        // Undocumented on the current API (it names marengo3.0 only); an account that still has 2.7 answers like this.
        harness.Fake.AcceptRetiredMarengo27 = true;
        var request = harness.UrlRequest(12);

        var result = await harness.Engine.EmbedAsync(request, null, CancellationToken.None);

        Assert.Equal("Marengo-retrieval-2.7", result.Set.Model);
        Assert.Equal(1024, result.Set.Dimension);
        Assert.Equal(["audio", "visual-text"], result.Set.ClipOptions);
        Assert.Equal(6, result.Set.Clips(EmbeddingOption.VisualText).Count);
    }

    [Theory]
    [InlineData("marengo3.0", "visual")]
    [InlineData("Marengo-retrieval-2.7", "visual-text")]
    public async Task A_Segment_Without_Embedding_Option_Counts_As_The_Models_Visual_Option(string model, string expected)
    {
        await using var harness = await TwelveLabsHarness.StartAsync(new Dictionary<string, string?> { ["Sage:TwelveLabs:Model"] = model });
        harness.Fake.OmitEmbeddingOption = true;
        harness.Fake.AcceptRetiredMarengo27 = true;
        harness.Fake.OptionsOverride = [expected];
        harness.Fake.UsePlainIdField = true;

        var result = await harness.Engine.EmbedAsync(harness.UrlRequest(10), null, CancellationToken.None);

        Assert.Equal([expected], result.Set.ClipOptions);
        Assert.Equal(5, result.Set.Clips(expected).Count);
    }

    [Fact]
    public async Task Requested_Options_Are_Kept_And_The_Others_Listed_As_Skipped()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        var request = harness.UrlRequest(10) with { Options = [EmbeddingOption.Visual, EmbeddingOption.Audio, EmbeddingOption.VisualText] };

        var result = await harness.Engine.EmbedAsync(request, null, CancellationToken.None);

        Assert.Equal(["audio", "visual"], result.Set.ClipOptions);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(EmbeddingOption.VisualText, skipped.Option);
    }

    [Fact]
    public async Task Clips_Up_To_312_s_Of_A_1200_s_Video_Fail_With_The_Coverage()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Fake.TruncateClipsAtSeconds = 312;

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.UnusableResult, () => harness.Engine.EmbedAsync(harness.UrlRequest(1200), null, CancellationToken.None));

        Assert.Equal("TwelveLabs returned clips up to 312 s of a 1,200 s video", error.Message);
    }

    [Fact]
    public async Task A_Missing_Final_Piece_Shorter_Than_2_s_Is_Accepted()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();

        var result = await harness.Engine.EmbedAsync(harness.UrlRequest(21.5), null, CancellationToken.None);

        var clips = result.Set.Clips(EmbeddingOption.Visual);
        Assert.Equal(10, clips.Count);
        Assert.Equal(20, clips[^1].End);
    }

    [Fact]
    public async Task Coverage_Is_Checked_Against_The_Probe_Not_Against_The_Answer()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        var request = harness.UrlRequest(30);
        harness.Fake.VideoDurationSeconds = 20; // TwelveLabs "sees" 20 s of a video ffprobe measured at 30 s.

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.UnusableResult, () => harness.Engine.EmbedAsync(request, null, CancellationToken.None));

        Assert.Equal("TwelveLabs returned clips up to 20 s of a 30 s video", error.Message);
    }

    [Fact]
    public async Task A_Failed_Task_Fails_With_TwelveLabs_Message()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Fake.FailTasksWith = "We could not process your media for embedding.";
        // v1's status documents no reason; some answers carry v2's error.message, and the client reads it.
        harness.Fake.V1StatusIncludesFailureReason = true;

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.TaskFailed, () => harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None));

        Assert.Equal("TwelveLabs could not embed the video: We could not process your media for embedding.", error.Message);
        Assert.Equal(harness.Fake.LastTaskId, error.TaskId);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task A_Failed_V2_Task_Fails_With_TwelveLabs_Message()
    {
        await using var harness = await TwelveLabsHarness.StartAsync(new Dictionary<string, string?> { ["Sage:TwelveLabs:Api"] = "V2" });
        harness.Fake.FailTasksWith = "The embedding task failed. Please try again later.";

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.TaskFailed, () => harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None));

        Assert.Contains("The embedding task failed. Please try again later.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Task_Id_Is_Reported_Before_The_First_Status_Poll()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        string? reported = null;
        var pollsWhenReported = -1;
        var request = harness.UrlRequest(10) with
        {
            RemoteTaskCreated = (id, _) =>
            {
                reported = id;
                pollsWhenReported = harness.Fake.StatusPolls;
                return Task.CompletedTask;
            },
        };

        await harness.Engine.EmbedAsync(request, null, CancellationToken.None);

        Assert.Equal(harness.Fake.LastTaskId, reported);
        Assert.Equal(0, pollsWhenReported);
        Assert.True(harness.Fake.StatusPolls >= 2);
    }

    [Fact]
    public async Task Resuming_A_Task_Polls_It_Without_Creating_Another()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        var seeded = harness.Fake.SeedTask();
        var reported = false;
        var request = harness.UrlRequest(20) with
        {
            ResumeRemoteTaskId = seeded.Id,
            RemoteTaskCreated = (_, _) =>
            {
                reported = true;
                return Task.CompletedTask;
            },
        };

        var result = await harness.Engine.EmbedAsync(request, null, CancellationToken.None);

        Assert.Equal(0, harness.Fake.Hits(FakeTwelveLabsEndpoint.CreateTask));
        Assert.Equal(0, harness.Fake.Creates);
        Assert.False(reported);
        Assert.True(seeded.Polls >= 1);
        Assert.Equal(10, result.Set.Clips(EmbeddingOption.Visual).Count);
    }

    [Fact]
    public async Task Resuming_A_Task_TwelveLabs_No_Longer_Has_Creates_And_Reports_A_New_One()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        string? reported = null;
        var request = harness.UrlRequest(10) with
        {
            ResumeRemoteTaskId = "0000000000000000000000aa",
            RemoteTaskCreated = (id, _) =>
            {
                reported = id;
                return Task.CompletedTask;
            },
        };

        await harness.Engine.EmbedAsync(request, null, CancellationToken.None);

        Assert.Equal(1, harness.Fake.Creates);
        Assert.Equal(harness.Fake.LastTaskId, reported);
    }

    [Fact]
    public async Task Cancelling_Stops_Polling_At_Once()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Fake.HoldTasks = true;
        using var cancellation = new CancellationTokenSource();
        var embedding = harness.Engine.EmbedAsync(harness.UrlRequest(20), null, cancellation.Token);
        await harness.Fake.WaitUntilAsync(() => harness.Fake.StatusPolls >= 2, TimeSpan.FromSeconds(10));

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => embedding);
        var pollsAtCancel = harness.Fake.StatusPolls;
        await Task.Delay(400); // eight poll intervals

        Assert.Equal(pollsAtCancel, harness.Fake.StatusPolls);
        Assert.Equal(0, harness.Fake.Hits(FakeTwelveLabsEndpoint.RetrieveTask));
    }

    [Fact]
    public async Task A_Task_That_Outlasts_The_Timeout_Fails_With_Its_Id()
    {
        await using var harness = await TwelveLabsHarness.StartAsync(new Dictionary<string, string?> { ["Sage:TwelveLabs:Timeout"] = "00:00:01" });
        harness.Fake.HoldTasks = true;

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.TimedOut, () => harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None));

        Assert.Equal(harness.Fake.LastTaskId, error.TaskId);
    }

    [Fact]
    public async Task No_Key_Fails_Clearly_Without_Calling_TwelveLabs()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Keys.Key = null;

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.KeyMissing, () => harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None));

        Assert.Equal("No TwelveLabs API key is configured", error.Message);
        Assert.Empty(harness.Fake.Requests);
    }

    [Fact]
    public async Task A_401_Fails_With_Key_Invalid_And_Is_Not_Retried()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Keys.Key = "tlk_wrong";

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.KeyInvalid, () => harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None));

        Assert.Equal("TwelveLabs API key is invalid or expired", error.Message);
        Assert.False(error.IsRetryable);
        Assert.Equal(1, harness.Fake.Hits(FakeTwelveLabsEndpoint.CreateTask));
        Assert.Equal(0, harness.Fake.Creates);
    }

    [Fact]
    public async Task A_401_While_Polling_Fails_With_Key_Invalid()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Fake.EnqueueFault(FakeTwelveLabsFault.Error(401, "api_key_invalid", "The API key is invalid.", FakeTwelveLabsEndpoint.TaskStatus));

        await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.KeyInvalid, () => harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None));

        Assert.Equal(1, harness.Fake.StatusPolls);
    }
}
