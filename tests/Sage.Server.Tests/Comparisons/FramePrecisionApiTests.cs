using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sage.Server.Comparisons;

namespace Sage.Server.Tests.Comparisons;

/// <summary>The frame-precision parts of a comparison's answer, and a changed region's difference image (real ffmpeg).</summary>
[Collection(ComparisonCollection.Name)]
public sealed class FramePrecisionApiTests(ComparisonFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task A_Comparison_Says_Its_Precision_And_Carries_The_New_Fields()
    {
        using var response = await Client.PostAsJsonAsync("/api/comparisons", new { videoA = fixture.Original, videoB = fixture.Replaced }, UploadClient.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var comparison = await response.Content.ReadFromJsonAsync<JsonElement>(UploadClient.Json);

        Assert.Contains(comparison.GetProperty("precision").GetString(), new[] { "clip", "frame" });
        Assert.True(comparison.TryGetProperty("frameRateA", out _));
        Assert.True(comparison.TryGetProperty("noiseFloor", out _));
        Assert.Equal(0, comparison.GetProperty("statistics").GetProperty("secondsMoved").GetDouble());
        Assert.All(comparison.GetProperty("regions").EnumerateArray(), r =>
        {
            Assert.Equal(JsonValueKind.False, r.GetProperty("isShort").ValueKind);
            Assert.True(r.TryGetProperty("aFrames", out _));
            Assert.True(r.TryGetProperty("difference", out _));
        });
    }

    [Fact]
    public async Task A_Changed_Region_Has_A_Difference_Image_Of_Three_Panels()
    {
        var id = await StoreAsync(new RegionDifferenceResponse(true, false, [new DifferenceBox(0.25, 0.25, 0.5, 0.5)], null, 9.5, 9.5));

        using var image = await Client.GetAsync($"/api/comparisons/{id}/regions/1/difference");

        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        var jpeg = await image.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        var (width, height) = JpegSize(jpeg);
        // 320×240 at 270 px high is 360 wide: A, B and the difference side by side.
        Assert.Equal(3 * 360, width);
        Assert.Equal(DifferenceImages.Height, height);
    }

    [Fact]
    public async Task Unknown_Comparisons_Regions_And_Regions_Without_A_Difference_Are_404()
    {
        var id = await StoreAsync(new RegionDifferenceResponse(false, true, [], "level", 9.5, 9.5));
        foreach (var path in new[]
                 {
                     $"/api/comparisons/{Guid.NewGuid()}/regions/1/difference",
                     $"/api/comparisons/{id}/regions/3/difference",
                     $"/api/comparisons/{id}/regions/-1/difference",
                     $"/api/comparisons/{id}/regions/0/difference",
                 })
        {
            using var response = await Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(fixture.Server.DataDirectory, problem, StringComparison.Ordinal);
        }
    }

    /// <summary>A frame-precision comparison of the original and its replaced copy, stored as the server would: same, changed (9–12 s), same.</summary>
    private async Task<Guid> StoreAsync(RegionDifferenceResponse difference)
    {
        var empty = new Dictionary<string, double>();
        ComparisonRegion Region(string kind, double start, double end, RegionDifferenceResponse? d) =>
            new(kind, start, end, start, end, null, null, empty, kind == "changed" ? "picture" : null)
            {
                AFrames = new FrameRange((long)(start * 25), (long)(end * 25)),
                BFrames = new FrameRange((long)(start * 25), (long)(end * 25)),
                Difference = d,
            };
        var comparison = new ComparisonResponse(
            Guid.NewGuid(),
            new ComparedVideo(fixture.Original, "original.mp4", 20),
            new ComparedVideo(fixture.Replaced, "replaced.mp4", 20),
            "aligned", 0.1, false, "local", "resnet18", ["visual"], new Dictionary<string, double> { ["visual"] = 1 },
            [Region("same", 0, 8, null), Region("changed", 8, 12, difference), Region("same", 12, 20, null)],
            [],
            new ComparisonTotals(80, 16, 4, 0, 0, 0, 0),
            DateTimeOffset.UtcNow)
        {
            Precision = "frame",
            FrameRateA = 25,
            FrameRateB = 25,
        };
        await fixture.Server.Services.GetRequiredService<ComparisonStore>().InsertAsync(comparison, CancellationToken.None);
        return comparison.Id;
    }

    /// <summary>Width and height from the first start-of-frame marker.</summary>
    private static (int Width, int Height) JpegSize(byte[] jpeg)
    {
        for (var i = 2; i + 9 < jpeg.Length;)
        {
            if (jpeg[i] != 0xFF)
            {
                i++;
                continue;
            }

            var marker = jpeg[i + 1];
            var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (marker is >= 0xC0 and <= 0xC3)
            {
                return ((jpeg[i + 7] << 8) | jpeg[i + 8], (jpeg[i + 5] << 8) | jpeg[i + 6]);
            }

            i += 2 + length;
        }

        throw new InvalidDataException("No start-of-frame marker.");
    }
}
