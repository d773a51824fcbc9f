using System.Text.Json;
using Sage.Core.Comparison;
using Sage.Server.Comparisons;

namespace Sage.Server.Tests.Comparisons;

/// <summary>How a frame-precision result from Core becomes the API's answer and its CSV (no server needed).</summary>
public sealed class ComparisonResponseTests
{
    private static readonly Dictionary<string, double> NoDistances = new();

    private static ComparisonResult FrameResult() => new(
        ComparisonMode.Aligned,
        0.1,
        true,
        [
            new Region(RegionKind.Same, 0, 4, 0, 4, null, null, NoDistances, -1, 0) { AFrames = new FrameSpan(0, 100), BFrames = new FrameSpan(0, 120) },
            new Region(RegionKind.Changed, 4, 4.2, 4, 4.2, null, null, NoDistances, -1, 0)
            {
                AFrames = new FrameSpan(100, 105),
                BFrames = new FrameSpan(120, 126),
                IsShort = true,
                Difference = new RegionDifference(true, true, [new NormalisedBox(0.1, 0.2, 0.3, 0.4)], SoundChangeKind.Level, 4.1, 4.1),
            },
            new Region(RegionKind.Moved, 4.2, 8, 12, 15.8, null, null, NoDistances, -1, 0) { AFrames = new FrameSpan(105, 200), BFrames = new FrameSpan(360, 474) },
        ],
        [],
        new ComparisonStatistics(50, 4, 0.2, 0, 0, 0, 0) { SecondsMoved = 3.8 },
        ["visual"],
        new Dictionary<string, double> { ["visual"] = 1 },
        8,
        15.8)
    {
        Precision = ComparisonPrecision.Frame,
        FrameRateA = 25,
        FrameRateB = 30,
        NoiseFloor = new NoiseFloor(3.5, 1.5),
    };

    private static ComparisonResponse Response() => ComparisonResponse.From(
        Guid.NewGuid(), new ComparedVideo(Guid.NewGuid(), "a.mp4", 8), new ComparedVideo(Guid.NewGuid(), "b.mp4", 15.8), "local", "resnet18", FrameResult(), DateTimeOffset.UtcNow);

    [Fact]
    public void Frame_Precision_Fields_Reach_The_Json()
    {
        var json = JsonSerializer.SerializeToElement(Response(), ComparisonStore.Json);

        Assert.Equal("frame", json.GetProperty("precision").GetString());
        Assert.Equal(30, json.GetProperty("frameRateB").GetDouble());
        Assert.Equal(3.5, json.GetProperty("noiseFloor").GetProperty("picture").GetDouble());
        Assert.Equal(3.8, json.GetProperty("statistics").GetProperty("secondsMoved").GetDouble());
        var regions = json.GetProperty("regions").EnumerateArray().ToList();
        Assert.Equal("moved", regions[2].GetProperty("kind").GetString());
        Assert.Equal(360, regions[2].GetProperty("bFrames").GetProperty("start").GetInt64());
        var changed = regions[1];
        Assert.True(changed.GetProperty("isShort").GetBoolean());
        Assert.Equal("picture and audio (level)", changed.GetProperty("label").GetString());
        var difference = changed.GetProperty("difference");
        Assert.Equal("level", difference.GetProperty("soundChange").GetString());
        Assert.Equal(0.3, difference.GetProperty("boxes")[0].GetProperty("width").GetDouble());
        Assert.Equal(JsonValueKind.Null, regions[2].GetProperty("difference").ValueKind);
        Assert.Equal(JsonValueKind.Null, regions[2].GetProperty("label").ValueKind);
    }

    [Fact]
    public void A_Stored_Answer_From_Before_Frame_Precision_Reads_As_Clip_Precision()
    {
        var json = JsonSerializer.Serialize(Response(), ComparisonStore.Json);
        using var document = JsonDocument.Parse(json);
        var old = new Dictionary<string, object?>();
        foreach (var property in document.RootElement.EnumerateObject().Where(p => p.Name is not ("precision" or "frameRateA" or "frameRateB" or "noiseFloor")))
        {
            old[property.Name] = property.Value;
        }

        var read = JsonSerializer.Deserialize<ComparisonResponse>(JsonSerializer.Serialize(old, ComparisonStore.Json), ComparisonStore.Json)!;

        Assert.Equal("clip", read.Precision);
        Assert.Null(read.FrameRateA);
    }

    [Fact]
    public void The_Csv_Has_The_Frame_Columns()
    {
        var lines = ComparisonCsv.Write(Response()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(
            "kind,a_start,a_end,b_start,b_end,mean_distance,max_distance,visual_distance,label," +
            "a_frame_start,a_frame_end,b_frame_start,b_frame_end,is_short,picture_differs,sound_differs,sound_change,peak_a,peak_b,boxes",
            lines[0]);
        Assert.Equal("changed,4,4.2,4,4.2,,,,picture and audio (level),100,105,120,126,true,true,true,level,4.1,4.1,0.1 0.2 0.3 0.4", lines[2]);
        Assert.Equal("moved,4.2,8,12,15.8,,,,,105,200,360,474,false,,,,,,", lines[3]);
    }
}
