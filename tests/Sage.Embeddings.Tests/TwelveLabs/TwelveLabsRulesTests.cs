using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Sage.Core.Embeddings;
using Sage.Embeddings.TwelveLabs;

namespace Sage.Embeddings.Tests.TwelveLabs;

/// <summary>The pure parts: requirements, coverage, retry delays, error bodies, options.</summary>
public sealed class TwelveLabsRulesTests
{
    private static readonly MarengoModel Marengo30 = MarengoModel.For(MarengoModel.Marengo30);
    private static readonly MarengoModel Marengo27 = MarengoModel.For(MarengoModel.Marengo27);

    [Theory]
    [InlineData(3, 1280, 720, TwelveLabsVideoRule.DurationTooShort, "The video is 3 s long; TwelveLabs needs videos of at least 4 s.")]
    [InlineData(18000, 1280, 720, TwelveLabsVideoRule.DurationTooLong, "The video is 5 h long (18,000 s); TwelveLabs marengo3.0 takes videos up to 4 h (14,400 s).")]
    [InlineData(60, 200, 200, TwelveLabsVideoRule.ResolutionTooLow, "The video is 200×200; TwelveLabs needs at least 360×360.")]
    [InlineData(60, 1280, 300, TwelveLabsVideoRule.ResolutionTooLow, "The video is 1280×300; TwelveLabs needs at least 360×360.")]
    [InlineData(60, 7680, 4320, TwelveLabsVideoRule.ResolutionTooHigh, "The video is 7680×4320; TwelveLabs marengo3.0 takes at most 5184×2160 (or 2160×5184 in portrait).")]
    [InlineData(60, 1000, 400, TwelveLabsVideoRule.AspectRatio, "The video is 1000×400, an aspect ratio of 2.5:1; TwelveLabs takes aspect ratios between 1:2.4 and 2.4:1.")]
    public void Marengo_30_Refuses_Videos_Outside_Its_Requirements_With_The_Rule(double seconds, int width, int height, TwelveLabsVideoRule rule, string message)
    {
        var error = TwelveLabsAssert.Throws(TwelveLabsFailure.VideoNotAccepted, () => TwelveLabsVideoRequirements.Check(Marengo30, TwelveLabsHarness.Probe(seconds, width, height), null));

        Assert.Equal(rule, error.Rule);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Marengo_27_Takes_Two_Hours_And_3840x2160_In_Either_Orientation()
    {
        TwelveLabsVideoRequirements.Check(Marengo27, TwelveLabsHarness.Probe(7200, 3840, 2160), null);
        TwelveLabsVideoRequirements.Check(Marengo27, TwelveLabsHarness.Probe(4, 2160, 3840), null);
        TwelveLabsVideoRequirements.Check(Marengo27, TwelveLabsHarness.Probe(60, 360, 360), null);

        Assert.Equal(TwelveLabsVideoRule.DurationTooLong, TwelveLabsAssert.Throws(TwelveLabsFailure.VideoNotAccepted, () => TwelveLabsVideoRequirements.Check(Marengo27, TwelveLabsHarness.Probe(7300), null)).Rule);
        Assert.Equal(TwelveLabsVideoRule.ResolutionTooHigh, TwelveLabsAssert.Throws(TwelveLabsFailure.VideoNotAccepted, () => TwelveLabsVideoRequirements.Check(Marengo27, TwelveLabsHarness.Probe(60, 4096, 2160), null)).Rule);
        Assert.Equal(TwelveLabsVideoRule.ResolutionTooHigh, TwelveLabsAssert.Throws(TwelveLabsFailure.VideoNotAccepted, () => TwelveLabsVideoRequirements.Check(Marengo27, TwelveLabsHarness.Probe(60, 2400, 4000), null)).Rule);
    }

    [Fact]
    public async Task A_File_Over_2_GB_Is_Refused_Before_Anything_Is_Sent()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        var big = Path.Combine(harness.Folder, "big.mp4");
        await using (var stream = new FileStream(big, FileMode.CreateNew))
        {
            stream.SetLength(2_100_000_000 + (1L << 27)); // sparse: no disk is used
        }

        var request = new EmbeddingRequest { Source = VideoSource.FromFile(big), Probe = TwelveLabsHarness.Probe(600) };

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.VideoNotAccepted, () => harness.Engine.EmbedAsync(request, null, CancellationToken.None));

        Assert.Equal(TwelveLabsVideoRule.FileTooLarge, error.Rule);
        Assert.Equal("The video file is 2.23 GB; TwelveLabs takes uploaded files up to 2 GB. Use S3 storage, so TwelveLabs fetches the video from a presigned URL instead.", error.Message);
        Assert.Empty(harness.Fake.Requests);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5 * 3600)]
    public async Task The_Engine_Checks_Requirements_Before_Calling_TwelveLabs(double seconds)
    {
        await using var harness = await TwelveLabsHarness.StartAsync();

        await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.VideoNotAccepted, () => harness.Engine.EmbedAsync(harness.UrlRequest(seconds), null, CancellationToken.None));

        Assert.Empty(harness.Fake.Requests);
    }

    [Fact]
    public void A_Gap_Between_Clips_Fails()
    {
        var clips = new[] { Clip(0, 2), Clip(2, 4), Clip(8, 10) };

        var error = TwelveLabsAssert.Throws(TwelveLabsFailure.UnusableResult, () => TwelveLabsCoverage.Check(clips, 10));

        Assert.Equal("TwelveLabs returned clips with a gap from 4 s to 8 s of a 10 s video", error.Message);
    }

    [Fact]
    public void Coverage_Allows_Only_A_Final_Piece_Under_2_s()
    {
        TwelveLabsCoverage.Check([Clip(0, 6), Clip(6, 12), Clip(12, 18), Clip(18, 24), Clip(24, 30)], 31);
        TwelveLabsAssert.Throws(TwelveLabsFailure.UnusableResult, () => TwelveLabsCoverage.Check([Clip(0, 6), Clip(6, 12)], 15));
        Assert.Equal("TwelveLabs returned clips up to 0 s of a 1,260 s video", TwelveLabsAssert.Throws(TwelveLabsFailure.UnusableResult, () => TwelveLabsCoverage.Check([], 1260)).Message);
    }

    [Fact]
    public void Retry_After_In_Seconds_Or_As_A_Date_And_X_Ratelimit_Reset_Are_Honoured()
    {
        var now = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        using var seconds = new HttpResponseMessage();
        seconds.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
        Assert.Equal(TimeSpan.FromSeconds(7), TwelveLabsRetryPolicy.ServerRequestedDelay(seconds.Headers, now));

        using var date = new HttpResponseMessage();
        date.Headers.RetryAfter = new RetryConditionHeaderValue(now.AddSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(30), TwelveLabsRetryPolicy.ServerRequestedDelay(date.Headers, now));

        using var reset = new HttpResponseMessage();
        reset.Headers.TryAddWithoutValidation("X-Ratelimit-Reset", now.AddSeconds(12).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromSeconds(12), TwelveLabsRetryPolicy.ServerRequestedDelay(reset.Headers, now));

        using var none = new HttpResponseMessage();
        Assert.Null(TwelveLabsRetryPolicy.ServerRequestedDelay(none.Headers, now));
    }

    [Fact]
    public void Backoff_Grows_Exponentially_With_Jitter_Up_To_The_Cap()
    {
        var random = new Random(1);
        for (var retry = 0; retry < 10; retry++)
        {
            var step = Math.Min(Math.Pow(2, retry), 30);
            var delay = TwelveLabsRetryPolicy.Backoff(retry, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), random).TotalSeconds;
            Assert.InRange(delay, step / 2, step);
        }
    }

    [Theory]
    [InlineData("""{"code":"parameter_invalid","message":"bad clip length","docs_url":"https://x"}""", "parameter_invalid", "bad clip length")]
    [InlineData("""{"error":{"code":"resource_not_exist","message":"no such task"}}""", "resource_not_exist", "no such task")]
    [InlineData("", null, null)]
    [InlineData("<html>502</html>", null, null)]
    public void The_Three_Error_Shapes_Parse(string body, string? code, string? message)
    {
        Assert.Equal((code, message), TwelveLabsResponseParser.ReadError(body));
    }

    [Fact]
    public void Unknown_Fields_And_Plain_Id_Are_Tolerated()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""
            {"id":"abc","status":"ready","surprise":{"x":1},"video_embedding":{"metadata":{"duration":"4"},
             "segments":[{"float":[1,0],"start_offset_sec":0,"end_offset_sec":4,"embedding_scope":"clip","new_field":true}]}}
            """);

        var task = TwelveLabsResponseParser.ReadV1Task(document.RootElement, "fallback");

        Assert.Equal("abc", task.Id);
        Assert.Equal(4, task.DurationSeconds);
        var segment = Assert.Single(task.Segments!);
        Assert.Null(segment.Option);
        Assert.Equal([1f, 0f], segment.Vector);
    }

    [Fact]
    public void Options_Default_And_Validate()
    {
        using var defaults = TwelveLabsHarness.BuildServices(new Dictionary<string, string?>(), null);
        var options = defaults.GetRequiredService<IOptions<TwelveLabsOptions>>().Value;
        Assert.Equal("https://api.twelvelabs.io/v1.3", options.BaseUrl);
        Assert.Equal(TwelveLabsApi.Auto, options.Api);
        Assert.Equal("marengo3.0", options.Model);
        Assert.Equal(5, options.PollIntervalSeconds);
        Assert.Equal(TimeSpan.FromHours(2), options.Timeout);
        Assert.Equal([EmbeddingScope.Clip, EmbeddingScope.Video], options.EffectiveScopes);

        using var fromEnvironment = TwelveLabsHarness.BuildServices(new Dictionary<string, string?> { ["TWELVELABS_BASE_URL"] = "http://127.0.0.1:5555/v1.3" }, null);
        Assert.Equal("http://127.0.0.1:5555/v1.3", fromEnvironment.GetRequiredService<IOptions<TwelveLabsOptions>>().Value.BaseUrl);

        using var v2With27 = TwelveLabsHarness.BuildServices(new Dictionary<string, string?> { ["Sage:TwelveLabs:Api"] = "V2", ["Sage:TwelveLabs:Model"] = "Marengo-retrieval-2.7" }, null);
        Assert.Throws<OptionsValidationException>(() => v2With27.GetRequiredService<IOptions<TwelveLabsOptions>>().Value);

        using var badClip = TwelveLabsHarness.BuildServices(new Dictionary<string, string?> { ["Sage:TwelveLabs:ClipLengthSeconds"] = "12" }, null);
        Assert.Throws<OptionsValidationException>(() => badClip.GetRequiredService<IOptions<TwelveLabsOptions>>().Value);
    }

    [Fact]
    public void The_Engine_Is_Registered_Under_Its_Name()
    {
        using var services = TwelveLabsHarness.BuildServices(new Dictionary<string, string?>(), null);

        var engines = services.GetRequiredService<EmbeddingEngines>();

        Assert.IsType<TwelveLabsEngine>(engines.Get("twelvelabs"));
        Assert.IsType<ConfigurationTwelveLabsKeySource>(services.GetRequiredService<ITwelveLabsKeySource>());
    }

    private static EmbeddingSegment Clip(double start, double end) => new(start, end, EmbeddingScope.Clip, EmbeddingOption.Visual, [1f]);
}
