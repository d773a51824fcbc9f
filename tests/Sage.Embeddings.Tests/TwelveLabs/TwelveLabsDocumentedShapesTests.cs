using System.Net;
using Sage.Embeddings.TwelveLabs;
using Sage.Tests.TwelveLabs;

namespace Sage.Embeddings.Tests.TwelveLabs;

/// <summary>
/// The answers the OpenAPI document gives, next to the undocumented ones the client also copes
/// with: each case is run in both shapes.
/// </summary>
public sealed class TwelveLabsDocumentedShapesTests
{
    [Fact]
    public async Task A_Failed_V1_Task_Without_A_Reason_As_Documented_Fails_Saying_So()
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Fake.FailTasksWith = "We could not process your media for embedding.";

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.TaskFailed, () => harness.Engine.EmbedAsync(harness.UrlRequest(20), null, CancellationToken.None));

        Assert.Equal($"TwelveLabs could not embed the video (task {harness.Fake.LastTaskId} failed without a reason).", error.Message);
    }

    [Theory]
    [InlineData(false)] // documented: 400 resource_not_exist
    [InlineData(true)] // undocumented: 404
    public async Task Resuming_An_Unknown_V1_Task_Creates_A_New_One_Whichever_Way_It_Is_Refused(bool answers404)
    {
        await using var harness = await TwelveLabsHarness.StartAsync();
        harness.Fake.V1UnknownTaskAnswers404 = answers404;

        await harness.Engine.EmbedAsync(harness.UrlRequest(10) with { ResumeRemoteTaskId = "0000000000000000000000aa" }, null, CancellationToken.None);

        Assert.Equal(1, harness.Fake.Creates);
        Assert.Equal(1, harness.Fake.Hits(FakeTwelveLabsEndpoint.CreateTask));
    }

    [Fact]
    public async Task Resuming_An_Unknown_V2_Task_Creates_A_New_One_After_The_Documented_404()
    {
        await using var harness = await TwelveLabsHarness.StartAsync(new Dictionary<string, string?> { ["Sage:TwelveLabs:Api"] = "V2" });

        await harness.Engine.EmbedAsync(harness.UrlRequest(10) with { ResumeRemoteTaskId = "0000000000000000000000aa" }, null, CancellationToken.None);

        Assert.Equal(1, harness.Fake.Creates);
        Assert.Equal(2, harness.Fake.LastTask!.ApiVersion);
    }

    [Fact]
    public async Task Marengo_27_Is_Refused_By_The_Current_API_With_Its_Message()
    {
        await using var harness = await TwelveLabsHarness.StartAsync(new Dictionary<string, string?> { ["Sage:TwelveLabs:Model"] = "Marengo-retrieval-2.7" });

        var error = await TwelveLabsAssert.ThrowsAsync(TwelveLabsFailure.Refused, () => harness.Engine.EmbedAsync(harness.UrlRequest(12), null, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("parameter_invalid", error.Code);
        Assert.Contains("Marengo-retrieval-2.7", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsRetryable);
        Assert.Equal(0, harness.Fake.Creates);
    }
}
