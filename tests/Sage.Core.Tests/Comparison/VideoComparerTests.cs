using Sage.Core.Comparison;
using Sage.Core.Embeddings;

namespace Sage.Core.Tests.Comparison;

public class VideoComparerTests
{
    private static readonly ComparisonOptions Aligned = ComparisonOptions.Default;
    private readonly SyntheticVideo video = new(seed: 7);

    private static int[] Concat(params int[][] parts) => parts.SelectMany(p => p).ToArray();

    [Fact]
    public void Identical_Videos_Give_One_Same_Region()
    {
        var result = VideoComparer.Compare(video.Set(SyntheticVideo.Range(0, 100)), video.Set(SyntheticVideo.Range(0, 100)), Aligned);

        Assert.Equal(["Same A0-200 B0-200"], RegionText.Of(result));
        Assert.Equal(100, result.Statistics.SimilarityPercent, 6);
        Assert.Equal(100, result.Statistics.ClipsCompared);
        Assert.True(result.ThresholdWasAutomatic);
        Assert.Equal(AutoThreshold.Minimum, result.Threshold);
        Assert.Equal([EmbeddingOption.Audio, EmbeddingOption.Visual], result.Options);
        Assert.All(result.Steps, s => Assert.InRange(s.Distance!.Value, 0, 0.015));
    }

    [Fact]
    public void Replaced_Block_Is_One_Changed_Region()
    {
        var b = Concat(SyntheticVideo.Range(0, 40), SyntheticVideo.Range(1000, 10), SyntheticVideo.Range(50, 50));

        var result = VideoComparer.Compare(video.Set(SyntheticVideo.Range(0, 100)), video.Set(b), Aligned);

        Assert.Equal(["Same A0-80 B0-80", "Changed A80-100 B80-100", "Same A100-200 B100-200"], RegionText.Of(result));
        var changed = result.Regions[1];
        Assert.InRange(changed.MeanDistance!.Value, 0.7, 1.3);
        Assert.Equal(10, result.Statistics.ClipsChanged);
        Assert.Equal(20, result.Statistics.SecondsChanged, 6);
        Assert.Equal(90, result.Statistics.SimilarityPercent, 6);
    }

    [Fact]
    public void Inserted_Six_Seconds_Is_One_Inserted_Region_Of_Six_Seconds()
    {
        var b = Concat(SyntheticVideo.Range(0, 50), SyntheticVideo.Range(1000, 3), SyntheticVideo.Range(50, 50));

        var result = VideoComparer.Compare(video.Set(SyntheticVideo.Range(0, 100)), video.Set(b), Aligned);

        Assert.Equal(["Same A0-100 B0-100", "Inserted A100-100 B100-106", "Same A100-200 B106-206"], RegionText.Of(result));
        Assert.Equal(6, result.Statistics.SecondsInserted, 6);
        Assert.All(result.Steps.Where(s => s.Kind == RegionKind.Inserted), s => Assert.Null(s.Distance));
    }

    [Fact]
    public void Removed_Block_Is_One_Removed_Region()
    {
        var b = Concat(SyntheticVideo.Range(0, 30), SyntheticVideo.Range(35, 65));

        var result = VideoComparer.Compare(video.Set(SyntheticVideo.Range(0, 100)), video.Set(b), Aligned);

        Assert.Equal(["Same A0-60 B0-60", "Removed A60-70 B60-60", "Same A70-200 B60-190"], RegionText.Of(result));
        Assert.Equal(10, result.Statistics.SecondsRemoved, 6);
    }

    [Fact]
    public void Lead_In_Clip_Is_An_Insertion_Not_A_Changed_Video()
    {
        var b = Concat([1000], SyntheticVideo.Range(0, 100));

        var result = VideoComparer.Compare(video.Set(SyntheticVideo.Range(0, 100)), video.Set(b), Aligned);

        Assert.Equal(["Inserted A0-0 B0-2", "Same A0-200 B2-202"], RegionText.Of(result));
    }

    [Fact]
    public void Constant_Offset_Of_Same_Length_Lines_Up()
    {
        // B starts one clip later and ends one clip later: same length, every content shifted by one clip.
        var b = Concat(SyntheticVideo.Range(1, 99), [1000]);

        var result = VideoComparer.Compare(video.Set(SyntheticVideo.Range(0, 100)), video.Set(b), Aligned);

        Assert.Equal(["Removed A0-2 B0-0", "Same A2-200 B0-198", "Inserted A200-200 B198-200"], RegionText.Of(result));
    }

    [Fact]
    public void Both_Ends_Trimmed_Are_Removed_Regions()
    {
        var result = VideoComparer.Compare(video.Set(SyntheticVideo.Range(0, 100)), video.Set(SyntheticVideo.Range(5, 90)), Aligned);

        Assert.Equal(["Removed A0-10 B0-0", "Same A10-190 B0-180", "Removed A190-200 B180-180"], RegionText.Of(result));
    }

    [Fact]
    public void Completely_Different_Videos_Are_Changed_With_The_Surplus_Inserted()
    {
        var result = VideoComparer.Compare(video.Set(SyntheticVideo.Range(0, 40)), video.Set(SyntheticVideo.Range(1000, 45)), Aligned);

        // Where the 5 surplus clips go among unrelated clips is arbitrary; that they are all there is not.
        Assert.All(result.Regions, r => Assert.Contains(r.Kind, new[] { RegionKind.Changed, RegionKind.Inserted }));
        Assert.Equal(10, result.Statistics.SecondsInserted, 6);
        Assert.Equal(80, result.Statistics.SecondsChanged, 6);
        Assert.Equal(AutoThreshold.Maximum, result.Threshold);
        Assert.Equal(0, result.Statistics.SimilarityPercent);
    }

    [Fact]
    public void One_Clip_Each_Is_Compared()
    {
        var same = VideoComparer.Compare(video.Set([1]), video.Set([1]), Aligned);
        var different = VideoComparer.Compare(video.Set([1]), video.Set([2]), Aligned);

        Assert.Equal(["Same A0-2 B0-2"], RegionText.Of(same));
        Assert.Equal(["Changed A0-2 B0-2"], RegionText.Of(different));
    }

    [Fact]
    public void Empty_Sets_Give_An_Empty_Result()
    {
        var empty = new EmbeddingSet("local", "test", SyntheticVideo.Dimension, 2, []);

        var result = VideoComparer.Compare(empty, empty, Aligned);

        Assert.Empty(result.Regions);
        Assert.Empty(result.Steps);
        Assert.Equal(0, result.DurationA);
        Assert.Equal(100, result.Statistics.SimilarityPercent);
    }

    [Fact]
    public void Against_An_Empty_Set_Everything_Is_Removed()
    {
        var empty = new EmbeddingSet("local", "test", SyntheticVideo.Dimension, 2, []);

        var result = VideoComparer.Compare(video.Set(SyntheticVideo.Range(0, 5)), empty, Aligned);

        Assert.Equal(["Removed A0-10 B0-0"], RegionText.Of(result));
    }

    [Theory]
    [InlineData("twelvelabs", "test", SyntheticVideo.Dimension)]
    [InlineData("local", "other-model", SyntheticVideo.Dimension)]
    [InlineData("local", "test", 32)]
    public void Different_Engine_Model_Or_Dimension_Is_Incompatible(string engine, string model, int dimension)
    {
        var a = video.Set(SyntheticVideo.Range(0, 5));
        var b = video.Set(SyntheticVideo.Range(0, 5), engine: engine, model: model, dimension: dimension);

        var error = Assert.Throws<IncompatibleEmbeddingSetsException>(() => VideoComparer.Compare(a, b, Aligned));
        Assert.Contains("cannot be compared", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sets_Without_A_Common_Option_Are_Incompatible()
    {
        var a = video.Set(SyntheticVideo.Range(0, 5), [EmbeddingOption.Visual]);
        var b = video.Set(SyntheticVideo.Range(0, 5), [EmbeddingOption.Audio]);

        Assert.Throws<IncompatibleEmbeddingSetsException>(() => VideoComparer.Compare(a, b, Aligned));
    }

    [Fact]
    public void An_Option_Only_One_Set_Has_Is_Ignored()
    {
        var a = video.Set(SyntheticVideo.Range(0, 5), [EmbeddingOption.Visual, EmbeddingOption.Audio]);
        var b = video.Set(SyntheticVideo.Range(0, 5), [EmbeddingOption.Visual]);

        var result = VideoComparer.Compare(a, b, Aligned);

        Assert.Equal([EmbeddingOption.Visual], result.Options);
        Assert.Equal(["Same A0-10 B0-10"], RegionText.Of(result));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(2.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Threshold_Outside_Zero_To_Two_Is_Rejected(double threshold)
    {
        var set = video.Set(SyntheticVideo.Range(0, 5));

        var error = Assert.Throws<InvalidComparisonOptionsException>(() => VideoComparer.Compare(set, set, new ComparisonOptions(Threshold: threshold)));
        Assert.Contains("Threshold", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_Must_Name_Compared_Options_And_Be_Non_Negative_With_One_Positive()
    {
        var set = video.Set(SyntheticVideo.Range(0, 5));

        Assert.Throws<InvalidComparisonOptionsException>(() => VideoComparer.Compare(set, set, new ComparisonOptions(Weights: new Dictionary<string, double> { ["transcription"] = 1 })));
        Assert.Throws<InvalidComparisonOptionsException>(() => VideoComparer.Compare(set, set, new ComparisonOptions(Weights: new Dictionary<string, double> { ["visual"] = -1 })));
        Assert.Throws<InvalidComparisonOptionsException>(() => VideoComparer.Compare(set, set, new ComparisonOptions(Weights: new Dictionary<string, double> { ["visual"] = double.NaN })));
        Assert.Throws<InvalidComparisonOptionsException>(() => VideoComparer.Compare(set, set, new ComparisonOptions(Weights: new Dictionary<string, double> { ["visual"] = 0, ["audio"] = 0 })));
    }

    [Fact]
    public void Per_Option_Distances_Say_Which_Option_Changed()
    {
        var clips = SyntheticVideo.Range(0, 20);
        var newSound = Concat(SyntheticVideo.Range(0, 10), SyntheticVideo.Range(1000, 5), SyntheticVideo.Range(15, 5));

        var result = VideoComparer.Compare(video.Set(clips), video.Set(clips, newSound), Aligned);

        var changed = Assert.Single(result.Regions, r => r.Kind == RegionKind.Changed);
        Assert.Equal((20, 30), (changed.AStart, changed.AEnd));
        Assert.InRange(changed.OptionMeanDistances[EmbeddingOption.Audio], 0.7, 1.3);
        Assert.InRange(changed.OptionMeanDistances[EmbeddingOption.Visual], 0, 0.015);
        Assert.InRange(changed.MeanDistance!.Value, 0.35, 0.65);
    }

    [Fact]
    public void Zero_Weight_Hides_An_Option_But_Still_Reports_It()
    {
        var clips = SyntheticVideo.Range(0, 20);
        var newSound = Concat(SyntheticVideo.Range(0, 10), SyntheticVideo.Range(1000, 5), SyntheticVideo.Range(15, 5));
        var pictureOnly = new ComparisonOptions(Weights: new Dictionary<string, double> { [EmbeddingOption.Visual] = 3 });

        var result = VideoComparer.Compare(video.Set(clips), video.Set(clips, newSound), pictureOnly);

        Assert.Equal(["Same A0-40 B0-40"], RegionText.Of(result));
        Assert.Equal(1.0, result.Weights[EmbeddingOption.Visual]);
        Assert.Equal(0.0, result.Weights[EmbeddingOption.Audio]);
        Assert.InRange(result.Steps[12].OptionDistances![0], 0.7, 1.3);
    }

    [Fact]
    public void Explicit_Threshold_Is_Used_And_Reclassify_Changes_Only_Kinds()
    {
        var b = Concat(SyntheticVideo.Range(0, 40), SyntheticVideo.Range(1000, 10), SyntheticVideo.Range(50, 50));
        var result = VideoComparer.Compare(video.Set(SyntheticVideo.Range(0, 100)), video.Set(b), new ComparisonOptions(Threshold: 0.1));
        Assert.False(result.ThresholdWasAutomatic);
        Assert.Equal(0.1, result.Threshold);
        Assert.Equal(3, result.Regions.Count);

        var everythingSame = VideoComparer.Reclassify(result, 2.0);

        Assert.Equal(["Same A0-200 B0-200"], RegionText.Of(everythingSame));
        Assert.Equal(result.Steps.Select(s => s.Distance), everythingSame.Steps.Select(s => s.Distance));
    }

    [Fact]
    public void Index_Mode_Pairs_By_Position_And_Reports_The_Length_Difference()
    {
        var b = Concat(SyntheticVideo.Range(0, 50), SyntheticVideo.Range(1000, 3), SyntheticVideo.Range(50, 50));

        var result = VideoComparer.Compare(video.Set(SyntheticVideo.Range(0, 100)), video.Set(b), new ComparisonOptions(ComparisonMode.Index));

        // The naive pairing loses sync after the insertion, as the original did; the surplus is explicit.
        Assert.Equal(ComparisonMode.Index, result.Mode);
        Assert.Equal(["Same A0-100 B0-100", "Changed A100-200 B100-200", "Inserted A200-200 B200-206"], RegionText.Of(result));
        Assert.All(result.Steps, s => Assert.True(s.Distance is null or <= 2));
        Assert.All(result.Steps.Take(100), (s, i) => Assert.Equal((i, i), (s.AIndex!.Value, s.BIndex!.Value)));
    }

    [Fact]
    public void Index_Mode_Reports_A_Shorter_B_As_Removed()
    {
        var result = VideoComparer.Compare(video.Set(SyntheticVideo.Range(0, 10)), video.Set(SyntheticVideo.Range(0, 7)), new ComparisonOptions(ComparisonMode.Index, Threshold: 0.1));

        Assert.Equal(["Same A0-14 B0-14", "Removed A14-20 B14-14"], RegionText.Of(result));
        Assert.Equal(7, result.Statistics.ClipsCompared);
    }

    [Fact]
    public void Cancellation_Stops_The_Alignment()
    {
        var set = video.Set(SyntheticVideo.Range(0, 50));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => VideoComparer.Compare(set, set, Aligned, cancelled.Token));
    }
}
