using Sage.Core.Embeddings;
using Sage.Embeddings.TwelveLabs;

namespace Sage.Embeddings.Tests.TwelveLabs;

/// <summary>Marengo 3.0's transcription option: kept in the set, and exempt from the coverage check, since it exists only where someone speaks.</summary>
public sealed class TwelveLabsTranscriptionTests
{
    [Theory]
    [InlineData("V1")]
    [InlineData("V2")]
    public async Task Transcription_Clips_Only_Where_There_Is_Speech_Are_Accepted_And_Kept(string api)
    {
        await using var harness = await TwelveLabsHarness.StartAsync(new Dictionary<string, string?> { ["Sage:TwelveLabs:Api"] = api });
        // Speech in 2-5 s and 14-16 s of a 20 s video: silent from 6 s to 14 s and after 16 s.
        harness.Fake.SpeechStretches = [(2.5, 5), (14.5, 16)];

        var result = await harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None);

        Assert.Equal(["audio", "transcription", "visual"], result.Set.ClipOptions);
        Assert.Equal(10, result.Set.Clips(EmbeddingOption.Visual).Count);
        Assert.Equal(10, result.Set.Clips(EmbeddingOption.Audio).Count);
        Assert.Equal([(2.0, 4.0), (4.0, 6.0), (14.0, 16.0)], result.Set.Clips(EmbeddingOption.Transcription).Select(c => (c.Start, c.End)));
        Assert.Empty(result.Skipped);
        Assert.True(result.HasOption(EmbeddingOption.Transcription));
    }

    [Fact]
    public async Task A_Video_Without_Any_Speech_Keeps_Its_Picture_And_Sound_And_Says_Why_Transcription_Is_Missing()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Fake.SpeechStretches = [];

        var result = await harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None);

        Assert.Equal(["audio", "visual"], result.Set.ClipOptions);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(EmbeddingOption.Transcription, skipped.Option);
        Assert.Equal("TwelveLabs found no speech to transcribe.", skipped.Reason);
    }

    [Fact]
    public async Task A_Visual_Gap_Is_Still_Refused_When_Transcription_Has_Gaps_Too()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Fake.SpeechStretches = [(0, 4)];
        harness.Fake.TruncateClipsAtSeconds = 12;

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.UnusableResult, () => harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None));

        Assert.Equal("TwelveLabs returned clips up to 12 s of a 20 s video", error.Message);
    }

    [Fact]
    public async Task Transcription_Alone_Does_Not_Pass_For_A_Covered_Video()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Fake.OptionsOverride = [EmbeddingOption.Transcription];

        await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.UnusableResult, () => harness.Engine.EmbedAsync(harness.UrlRequest(10), null, CancellationToken.None));
    }

    [Fact]
    public void Coverage_Is_A_Rule_Of_The_Timeline_Options_Only()
    {
        Assert.True(TwelveLabsCoverage.CoversTimeline(EmbeddingOption.Visual));
        Assert.True(TwelveLabsCoverage.CoversTimeline(EmbeddingOption.VisualText));
        Assert.True(TwelveLabsCoverage.CoversTimeline(EmbeddingOption.Audio));
        Assert.False(TwelveLabsCoverage.CoversTimeline(EmbeddingOption.Transcription));
    }

    [Fact]
    public async Task V2_Asks_For_Transcription_By_Name_And_Leaves_Out_The_Sound_Options_Of_A_Silent_Video()
    {
        await using var harness = await TwelveLabsHarness.StartAsync(new Dictionary<string, string?> { ["Sage:TwelveLabs:Api"] = "V2" });

        await harness.Engine.EmbedAsync(harness.UrlRequest(10), null, CancellationToken.None);
        Assert.Equal(["visual", "audio", "transcription"], harness.Fake.LastTask!.Options);

        var silent = harness.UrlRequest(10) with { Probe = TwelveLabsHarness.Probe(10) with { AudioCodec = null } };
        var result = await harness.Engine.EmbedAsync(silent, null, CancellationToken.None);

        Assert.Equal(["visual"], harness.Fake.LastTask!.Options);
        Assert.Equal(["visual"], result.Set.ClipOptions);
        Assert.All(result.Skipped, s => Assert.Equal("The video has no audio stream.", s.Reason));
        Assert.Equal(["audio", "transcription"], result.Skipped.Select(s => s.Option).Order(StringComparer.Ordinal));
    }
}
