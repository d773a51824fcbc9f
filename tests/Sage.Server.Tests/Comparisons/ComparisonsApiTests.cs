using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Sage.Server.Tests.Comparisons;

/// <summary>POST/GET /api/comparisons through HTTP, on videos embedded by the real local engine.</summary>
[Collection(ComparisonCollection.Name)]
public sealed class ComparisonsApiTests(ComparisonFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<HttpResponseMessage> PostAsync(object body) =>
        await Client.PostAsJsonAsync("/api/comparisons", body, UploadClient.Json);

    private async Task<HttpResponseMessage> PostRawAsync(string json) =>
        await Client.PostAsync("/api/comparisons", new StringContent(json, Encoding.UTF8, "application/json"));

    private static IEnumerable<JsonElement> NonSame(JsonElement comparison) =>
        comparison.GetProperty("regions").EnumerateArray().Where(r => r.GetProperty("kind").GetString() != "same");

    private static bool Overlaps(JsonElement region, string side, double start, double end) =>
        region.GetProperty(side + "Start").GetDouble() < end && region.GetProperty(side + "End").GetDouble() > start;

    [Fact]
    public async Task Finds_A_Replaced_Block_In_Both_Videos_And_The_Rest_Same()
    {
        using var response = await PostAsync(new { videoA = fixture.Original, videoB = fixture.Replaced });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var comparison = await response.Content.ReadFromJsonAsync<JsonElement>(UploadClient.Json);
        var id = comparison.GetProperty("id").GetGuid();
        Assert.Equal($"/api/comparisons/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("aligned", comparison.GetProperty("mode").GetString());
        Assert.Equal("local", comparison.GetProperty("engine").GetString());
        Assert.True(comparison.GetProperty("thresholdWasAutomatic").GetBoolean());
        Assert.Equal("original.mp4", comparison.GetProperty("videoA").GetProperty("fileName").GetString());
        Assert.InRange(comparison.GetProperty("videoA").GetProperty("duration").GetDouble(), 19.5, 20.5);

        // Both videos have their fingerprint (the local engine's own decode): the block is found to the frame, with
        // what differs in it.
        Assert.Equal("frame", comparison.GetProperty("precision").GetString());
        var differing = NonSame(comparison).ToList();
        var changed = Assert.Single(differing);
        Assert.Equal("changed", changed.GetProperty("kind").GetString());
        Assert.Equal(8, changed.GetProperty("aStart").GetDouble(), 0.04);
        Assert.Equal(12, changed.GetProperty("aEnd").GetDouble(), 0.04);
        Assert.Equal(8, changed.GetProperty("bStart").GetDouble(), 0.04);
        Assert.Equal(12, changed.GetProperty("bEnd").GetDouble(), 0.04);
        Assert.Equal(200, changed.GetProperty("aFrames").GetProperty("start").GetInt64());
        Assert.Equal(300, changed.GetProperty("aFrames").GetProperty("end").GetInt64());
        Assert.Equal("picture and audio (content)", changed.GetProperty("label").GetString());
        var difference = changed.GetProperty("difference");
        Assert.True(difference.GetProperty("picture").GetBoolean());
        Assert.True(difference.GetProperty("sound").GetBoolean());
        Assert.Equal("content", difference.GetProperty("soundChange").GetString());

        var steps = comparison.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(10, steps.Count);
        Assert.All(steps, s => Assert.Equal(2, s.GetProperty("optionDistances").GetArrayLength()));
        var statistics = comparison.GetProperty("statistics");
        Assert.Equal(10, statistics.GetProperty("clipsCompared").GetInt32());
        Assert.InRange(statistics.GetProperty("clipsChanged").GetInt32(), 2, 3);
        Assert.InRange(statistics.GetProperty("similarityPercent").GetDouble(), 70, 85);
    }

    [Fact]
    public async Task Finds_An_Insertion_At_Its_Place_In_B()
    {
        using var response = await PostAsync(new { videoA = fixture.Original, videoB = fixture.Inserted, mode = "aligned" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var comparison = await response.Content.ReadFromJsonAsync<JsonElement>(UploadClient.Json);
        var inserted = Assert.Single(NonSame(comparison));
        Assert.Equal("inserted", inserted.GetProperty("kind").GetString());
        Assert.True(Overlaps(inserted, "b", 10, 16), inserted.ToString());
        Assert.Equal(inserted.GetProperty("aStart").GetDouble(), inserted.GetProperty("aEnd").GetDouble());
        Assert.InRange(inserted.GetProperty("aStart").GetDouble(), 9, 11);
        Assert.Equal(JsonValueKind.Null, inserted.GetProperty("label").ValueKind);
        Assert.Equal(6, comparison.GetProperty("statistics").GetProperty("secondsInserted").GetDouble(), 1);
    }

    [Fact]
    public async Task Index_Mode_Pairs_By_Position_And_Honours_Threshold_And_Weights()
    {
        using var response = await PostAsync(new { videoA = fixture.Original, videoB = fixture.Inserted, mode = "index", threshold = 0.05, weights = new { visual = 1, audio = 0 } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var comparison = await response.Content.ReadFromJsonAsync<JsonElement>(UploadClient.Json);
        Assert.Equal("index", comparison.GetProperty("mode").GetString());
        Assert.Equal(0.05, comparison.GetProperty("threshold").GetDouble());
        Assert.False(comparison.GetProperty("thresholdWasAutomatic").GetBoolean());
        Assert.Equal(1.0, comparison.GetProperty("weights").GetProperty("visual").GetDouble());
        Assert.Equal(0.0, comparison.GetProperty("weights").GetProperty("audio").GetDouble());
        var kinds = NonSame(comparison).Select(r => r.GetProperty("kind").GetString()).ToList();
        Assert.Contains("changed", kinds);
        Assert.Equal("inserted", kinds[^1]);
        Assert.All(NonSame(comparison).Where(r => r.GetProperty("kind").GetString() == "changed"), r => Assert.Equal("picture", r.GetProperty("label").GetString()));
    }

    [Fact]
    public async Task Stores_The_Result_Reads_It_Back_Lists_It_And_Exports_Csv()
    {
        using var created = await PostAsync(new { videoA = fixture.Original, videoB = fixture.Replaced, threshold = 0.1 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var comparison = await created.Content.ReadFromJsonAsync<JsonElement>(UploadClient.Json);
        var id = comparison.GetProperty("id").GetGuid();

        var read = await Client.GetFromJsonAsync<JsonElement>($"/api/comparisons/{id}", UploadClient.Json);
        Assert.Equal(comparison.GetProperty("regions").ToString(), read.GetProperty("regions").ToString());
        Assert.Equal(comparison.GetProperty("steps").ToString(), read.GetProperty("steps").ToString());
        var explicitJson = await Client.GetFromJsonAsync<JsonElement>($"/api/comparisons/{id}?format=json", UploadClient.Json);
        Assert.Equal(id, explicitJson.GetProperty("id").GetGuid());

        var list = await Client.GetFromJsonAsync<JsonElement>($"/api/comparisons?video={fixture.Replaced}", UploadClient.Json);
        var summary = Assert.Single(list.EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);
        Assert.Equal(fixture.Original, summary.GetProperty("videoA").GetProperty("id").GetGuid());
        Assert.Equal(fixture.Replaced, summary.GetProperty("videoB").GetProperty("id").GetGuid());
        Assert.Equal("aligned", summary.GetProperty("mode").GetString());
        Assert.Equal(0.1, summary.GetProperty("threshold").GetDouble());
        Assert.True(summary.TryGetProperty("createdAt", out _));
        Assert.Equal(comparison.GetProperty("statistics").ToString(), summary.GetProperty("statistics").ToString());
        Assert.False(summary.TryGetProperty("steps", out _));
        var forInserted = await Client.GetFromJsonAsync<JsonElement>($"/api/comparisons?video={fixture.Inserted}", UploadClient.Json);
        Assert.DoesNotContain(forInserted.EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);

        using var csv = await Client.GetAsync($"/api/comparisons/{id}?format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"comparison-{id}.csv", csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            "kind,a_start,a_end,b_start,b_end,mean_distance,max_distance,audio_distance,visual_distance,label," +
            "a_frame_start,a_frame_end,b_frame_start,b_frame_end,is_short,picture_differs,sound_differs,sound_change,peak_a,peak_b,boxes",
            lines[0]);
        Assert.Equal(comparison.GetProperty("regions").GetArrayLength() + 1, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("changed,", StringComparison.Ordinal) && l.Contains(",picture and audio (content),", StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.Equal(21, l.Split(',').Length));
    }

    [Fact]
    public async Task Returns_409_When_A_Video_Is_Not_Embedded_Yet()
    {
        var fresh = await fixture.UploadFreshAsync("fresh.mp4");

        using var response = await PostAsync(new { videoA = fixture.Original, videoB = fresh });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Equal("videoB", problem.GetProperty("video").GetString());
        Assert.Contains(problem.GetProperty("embeddingStatus").GetString(), new[] { "pending", "processing" });
        Assert.Contains(fresh.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Returns_404_For_Unknown_Videos_And_Comparisons()
    {
        var unknown = Guid.NewGuid();
        using var video = await PostAsync(new { videoA = unknown, videoB = fixture.Original });
        Assert.Equal(HttpStatusCode.NotFound, video.StatusCode);
        Assert.Equal("videoA", (await video.ReadProblemAsync()).GetProperty("video").GetString());

        foreach (var path in new[] { $"/api/comparisons/{unknown}", "/api/comparisons/not-a-guid", $"/api/comparisons/{unknown}?format=csv", $"/api/comparisons?video={unknown}" })
        {
            using var response = await Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            await response.ReadProblemAsync();
        }
    }

    [Theory]
    [InlineData("""{"videoA": "A", "videoB": "B", "threshold": "abc"}""", "threshold")]
    [InlineData("""{"videoA": "A", "videoB": "B", "threshold": 5}""", "Threshold")]
    [InlineData("""{"videoA": "A", "videoB": "B", "threshold": 0}""", "Threshold")]
    [InlineData("""{"videoA": "A", "videoB": "B", "threshold": -0.1}""", "Threshold")]
    [InlineData("""{"videoA": "A", "videoB": "B", "mode": "fuzzy"}""", "mode")]
    [InlineData("""{"videoA": "A", "videoB": "B", "mode": 3}""", "mode")]
    [InlineData("""{"videoA": "A", "videoB": "B", "weights": {"smell": 1}}""", "smell")]
    [InlineData("""{"videoA": "A", "videoB": "B", "weights": {"visual": -1}}""", "visual")]
    [InlineData("""{"videoA": "A", "videoB": "B", "weights": {"visual": 0, "audio": 0}}""", "positive")]
    [InlineData("""{"videoA": "A", "videoB": "B", "weights": [1, 2]}""", "weights")]
    [InlineData("""{"videoA": "A"}""", "videoB")]
    [InlineData("""{"videoB": "B"}""", "videoA")]
    [InlineData("""{"videoA": "not-a-guid", "videoB": "B"}""", "videoA")]
    [InlineData("""{"videoA": "A", "videoB": """, "JSON")]
    [InlineData("""[]""", "")]
    [InlineData("""null""", "JSON object")]
    public async Task Returns_400_For_A_Bad_Request_Body(string template, string mentioned)
    {
        var json = template.Replace("\"A\"", $"\"{fixture.Original}\"", StringComparison.Ordinal).Replace("\"B\"", $"\"{fixture.Replaced}\"", StringComparison.Ordinal);

        using var response = await PostRawAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Contains(mentioned, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Returns_400_For_An_Unknown_Export_Format()
    {
        using var created = await PostAsync(new { videoA = fixture.Original, videoB = fixture.Original });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(UploadClient.Json)).GetProperty("id").GetGuid();

        using var response = await Client.GetAsync($"/api/comparisons/{id}?format=xml");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await response.ReadProblemAsync();
    }

    [Fact]
    public async Task A_Video_Compared_With_Itself_Is_All_Same()
    {
        using var response = await PostAsync(new { videoA = fixture.Original, videoB = fixture.Original });

        var comparison = await response.Content.ReadFromJsonAsync<JsonElement>(UploadClient.Json);
        Assert.Empty(NonSame(comparison));
        Assert.Equal(100, comparison.GetProperty("statistics").GetProperty("similarityPercent").GetDouble());
    }
}
