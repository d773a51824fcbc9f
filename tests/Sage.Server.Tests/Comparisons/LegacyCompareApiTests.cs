using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sage.Server.Tests.Comparisons;

/// <summary>POST /compare-local-videos keeps the original's answer, without its 500s and its 999999 sentinel.</summary>
[Collection(ComparisonCollection.Name)]
public sealed class LegacyCompareApiTests(ComparisonFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<HttpResponseMessage> CompareAsync(string query) =>
        await Client.PostAsync("/compare-local-videos?" + query, content: null);

    [Fact]
    public async Task Answers_In_The_Original_Shape_With_The_Length_Difference_Instead_Of_999999()
    {
        using var response = await CompareAsync($"embedding_id1={fixture.Original}&embedding_id2={fixture.Inserted}&threshold=0.1&distance_metric=cosine");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("999999", body, StringComparison.Ordinal);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("original.mp4", json.GetProperty("filename1").GetString());
        Assert.Equal("inserted.mp4", json.GetProperty("filename2").GetString());
        Assert.Equal(0.1, json.GetProperty("threshold_used").GetDouble());
        Assert.Equal(13, json.GetProperty("total_segments").GetInt32());
        var differences = json.GetProperty("differences").EnumerateArray().ToList();
        Assert.Equal(differences.Count, json.GetProperty("differing_segments").GetInt32());
        // Index pairing: from the insertion on, B is 6 s ahead of A, so segments from 10 s on differ (in A's times).
        Assert.NotEmpty(differences);
        Assert.All(differences, d =>
        {
            Assert.InRange(d.GetProperty("start_sec").GetDouble(), 8, 20);
            Assert.True(d.GetProperty("end_sec").GetDouble() <= 20.5);
            Assert.InRange(d.GetProperty("distance").GetDouble(), 0.1, 2);
        });
        var length = json.GetProperty("length_difference");
        Assert.Equal("video2", length.GetProperty("longer").GetString());
        Assert.Equal(3, length.GetProperty("extra_segments").GetInt32());
        Assert.Equal(6, length.GetProperty("extra_seconds").GetDouble(), 1);
    }

    [Fact]
    public async Task Uses_The_Original_Defaults_And_Reports_No_Length_Difference_For_Equal_Lengths()
    {
        using var response = await CompareAsync($"embedding_id1={fixture.Original}&embedding_id2={fixture.Replaced}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0.1, json.GetProperty("threshold_used").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("length_difference").ValueKind);
        Assert.Equal(10, json.GetProperty("total_segments").GetInt32());
        Assert.Contains(json.GetProperty("differences").EnumerateArray(), d => d.GetProperty("start_sec").GetDouble() is >= 8 and < 12);
    }

    [Theory]
    [InlineData("embedding_id1={unknown}&embedding_id2={a}", HttpStatusCode.NotFound)]
    [InlineData("embedding_id1={a}&embedding_id2=nope", HttpStatusCode.NotFound)]
    [InlineData("embedding_id1={a}", HttpStatusCode.BadRequest)]
    [InlineData("embedding_id1={a}&embedding_id2={b}&threshold=abc", HttpStatusCode.BadRequest)]
    [InlineData("embedding_id1={a}&embedding_id2={b}&threshold=-1", HttpStatusCode.BadRequest)]
    [InlineData("embedding_id1={a}&embedding_id2={b}&distance_metric=euclidean", HttpStatusCode.BadRequest)]
    public async Task Returns_4xx_Where_The_Original_Returned_500(string template, HttpStatusCode expected)
    {
        var query = template
            .Replace("{unknown}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{a}", fixture.Original.ToString(), StringComparison.Ordinal)
            .Replace("{b}", fixture.Replaced.ToString(), StringComparison.Ordinal);

        using var response = await CompareAsync(query);

        Assert.Equal(expected, response.StatusCode);
        await response.ReadProblemAsync();
    }

    [Fact]
    public async Task Returns_409_When_An_Embedding_Is_Not_Ready()
    {
        var fresh = await fixture.UploadFreshAsync("legacy-fresh.mp4");

        using var response = await CompareAsync($"embedding_id1={fresh}&embedding_id2={fixture.Original}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("embedding_id1", (await response.ReadProblemAsync()).GetProperty("video").GetString());
    }
}
