using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sage.Core.Embeddings;
using Sage.Embeddings.TwelveLabs;
using Sage.Tests.TwelveLabs;

namespace Sage.Embeddings.Tests.TwelveLabs;

/// <summary>Which API a video goes to (Auto: v2 for URLs, v1 for files), and which models are refused by name.</summary>
public sealed class TwelveLabsApiChoiceTests
{
    private static Dictionary<string, string?> Auto(string? model = null)
    {
        var settings = new Dictionary<string, string?> { ["Sage:TwelveLabs:Api"] = "Auto" };
        if (model is not null)
        {
            settings["Sage:TwelveLabs:Model"] = model;
        }

        return settings;
    }

    [Fact]
    public async Task Auto_Sends_A_Url_To_Embed_API_V2()
    {
        await using var harness = await TwelveLabsHarness.StartAsync(Auto());

        var result = await harness.Engine.EmbedAsync(harness.UrlRequest(10), null, CancellationToken.None);

        Assert.Equal(1, harness.Fake.Hits(FakeTwelveLabsEndpoint.CreateV2Task));
        Assert.Equal(0, harness.Fake.Hits(FakeTwelveLabsEndpoint.CreateTask));
        Assert.Equal(0, harness.Fake.Hits(FakeTwelveLabsEndpoint.TaskStatus));
        Assert.Equal(2, harness.Fake.LastTask!.ApiVersion);
        Assert.Equal(["audio", "transcription", "visual"], result.Set.ClipOptions);
    }

    [Fact]
    public async Task Auto_Uploads_A_Local_File_With_Embed_API_V1()
    {
        await using var harness = await TwelveLabsHarness.StartAsync(Auto());
        harness.Fake.VideoDurationSeconds = 10;
        var request = new EmbeddingRequest { Source = VideoSource.FromFile(harness.StandInVideo), Probe = TwelveLabsHarness.Probe(10) };

        var result = await harness.Engine.EmbedAsync(request, null, CancellationToken.None);

        Assert.Equal(1, harness.Fake.Hits(FakeTwelveLabsEndpoint.CreateTask));
        Assert.Equal(0, harness.Fake.Hits(FakeTwelveLabsEndpoint.CreateV2Task));
        Assert.Equal(1, harness.Fake.LastTask!.ApiVersion);
        Assert.Equal(TwelveLabsHarness.Sha256(harness.StandInVideo), harness.Fake.LastTask.VideoSha256);
        Assert.Equal(5, result.Set.Clips(EmbeddingOption.Visual).Count);
    }

    [Fact]
    public async Task Auto_Resumes_A_Url_Task_On_V2()
    {
        await using var harness = await TwelveLabsHarness.StartAsync(Auto());
        var seeded = harness.Fake.SeedTask(apiVersion: 2);

        await harness.Engine.EmbedAsync(harness.UrlRequest(20) with { ResumeRemoteTaskId = seeded.Id }, null, CancellationToken.None);

        Assert.Equal(0, harness.Fake.Creates);
        Assert.True(seeded.Polls >= 1);
        Assert.Equal(0, harness.Fake.Hits(FakeTwelveLabsEndpoint.TaskStatus));
    }

    [Fact]
    public void Auto_Keeps_Marengo_27_On_V1_Which_Is_The_Only_API_That_Had_It()
    {
        var options = new TwelveLabsOptions { Model = MarengoModel.Marengo27 };

        Assert.Equal(TwelveLabsApi.V1, options.ApiFor(sourceIsUrl: true));
        Assert.Equal(TwelveLabsApi.V2, new TwelveLabsOptions().ApiFor(sourceIsUrl: true));
        Assert.Equal(TwelveLabsApi.V1, new TwelveLabsOptions().ApiFor(sourceIsUrl: false));
        Assert.Equal(TwelveLabsApi.V2, new TwelveLabsOptions { Api = TwelveLabsApi.V2 }.ApiFor(sourceIsUrl: false));
    }

    [Theory]
    [InlineData("marengo3.5")]
    [InlineData("Marengo3.5")]
    public void Marengo_35_Is_Refused_At_Start_Up_With_The_Reason(string model)
    {
        using var services = TwelveLabsHarness.BuildServices(new Dictionary<string, string?> { ["Sage:TwelveLabs:Model"] = model }, null);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TwelveLabsOptions>>().Value);

        var message = Assert.Single(error.Failures);
        Assert.Contains($"'{model}' is not supported", message, StringComparison.Ordinal);
        Assert.Contains("temporal", message, StringComparison.Ordinal);
        Assert.Contains("Use 'marengo3.0'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Unknown_Model_Is_Refused_Instead_Of_Being_Sent_Marengo_30s_Shape()
    {
        using var services = TwelveLabsHarness.BuildServices(new Dictionary<string, string?> { ["Sage:TwelveLabs:Model"] = "marengo4.0" }, null);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TwelveLabsOptions>>().Value);

        Assert.Contains("'marengo4.0' is not a model SAGE knows", Assert.Single(error.Failures), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => MarengoModel.For(MarengoModel.Marengo35));
        Assert.Throws<ArgumentException>(() => MarengoModel.For("marengo4.0"));
        Assert.Equal(512, MarengoModel.For("marengo3.0").Dimension);
    }
}
