using CsCheck;
using Sage.Core.Comparison;

namespace Sage.Core.Tests.Comparison;

public class VideoComparerProperties
{
    private static Gen<EditScript> Scripts(int maxLength, int maxEdits, int maxSize) =>
        from seed in Gen.Int
        from length in Gen.Int[0, maxLength]
        from edits in Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1000], Gen.Int[1, maxSize], (k, at, size) => new Edit(k, at, size)).Array[0, maxEdits]
        select new EditScript(seed, length, edits);

    /// <summary>Up to three edits at least ~18 clips apart (applied back to front so positions hold).</summary>
    private static Gen<EditScript> SeparatedScripts =>
        from seed in Gen.Int
        from count in Gen.Int[1, 3]
        from edits in Gen.Select(Gen.Int[0, 2], Gen.Int[0, 10], Gen.Int[1, 12], (k, at, size) => new Edit(k, at, size)).Array[count]
        from tail in Gen.Int[10, 40]
        select new EditScript(seed, 10 + (40 * count) + tail, [.. edits.Select((e, k) => e with { At = 10 + (40 * (count - 1 - k)) + e.At })]);

    private static (ComparisonResult AB, ComparisonResult BA) CompareBothWays(EditScript script, ComparisonOptions options)
    {
        var video = new SyntheticVideo(script.Seed);
        var a = video.Set(script.A);
        var b = video.Set(script.B);
        return (VideoComparer.Compare(a, b, options), VideoComparer.Compare(b, a, options));
    }

    [Fact]
    public void A_Video_Compared_With_Itself_Is_One_Same_Region()
    {
        Gen.Select(Gen.Int, Gen.Int[0, 80]).Sample(t =>
        {
            var set = new SyntheticVideo(t.Item1).Set(SyntheticVideo.Range(0, t.Item2));

            var result = VideoComparer.Compare(set, set, ComparisonOptions.Default);

            var expected = t.Item2 == 0 ? [] : new[] { $"Same A0-{t.Item2 * 2} B0-{t.Item2 * 2}" };
            Assert.Equal(expected, RegionText.Of(result));
        }, iter: 60);
    }

    [Fact]
    public void Swapping_A_And_B_Swaps_Inserted_And_Removed_And_Keeps_Every_Span()
    {
        Scripts(60, 3, 8).Sample(script =>
        {
            var (ab, ba) = CompareBothWays(script, ComparisonOptions.Default);

            Assert.Equal(ab.Threshold, ba.Threshold);
            var mirrored = ba.Regions.Select(r => r with
            {
                Kind = r.Kind switch { RegionKind.Inserted => RegionKind.Removed, RegionKind.Removed => RegionKind.Inserted, var k => k },
                AStart = r.BStart,
                AEnd = r.BEnd,
                BStart = r.AStart,
                BEnd = r.AEnd,
            });
            Assert.Equal(RegionText.Of(ab), RegionText.Of(ab with { Regions = [.. mirrored] }));
        }, iter: 60);
    }

    [Fact]
    public void Regions_Tile_Both_Videos_Without_Gaps_Or_Overlaps()
    {
        Gen.Select(Scripts(60, 4, 10), Gen.Enum<ComparisonMode>()).Sample(t =>
        {
            var (ab, _) = CompareBothWays(t.Item1, new ComparisonOptions(t.Item2));

            AssertTiles(ab.Regions.Select(r => (r.AStart, r.AEnd)), ab.DurationA);
            AssertTiles(ab.Regions.Select(r => (r.BStart, r.BEnd)), ab.DurationB);
            Assert.All(ab.Regions.Where(r => r.Kind == RegionKind.Inserted), r => Assert.Equal(r.AStart, r.AEnd));
            Assert.All(ab.Regions.Where(r => r.Kind == RegionKind.Removed), r => Assert.Equal(r.BStart, r.BEnd));
            Assert.All(ab.Regions.Zip(ab.Regions.Skip(1)), p => Assert.NotEqual(p.First.Kind, p.Second.Kind));
            Assert.Equal(ab.Steps.Count, ab.Regions.Sum(r => r.StepCount));
            Assert.Equal(t.Item1.A.Length, ab.Steps.Count(s => s.AIndex is not null));
            Assert.Equal(t.Item1.B.Length, ab.Steps.Count(s => s.BIndex is not null));
        }, iter: 100);
    }

    [Fact]
    public void Hierarchical_Banded_Alignment_Finds_The_Full_Alignment_When_Edits_Fit_The_Band()
    {
        // Small limits force two coarse levels (factor 4 twice) on ~150 clips, radius four coarse clips as in production.
        var small = new AlignmentSettings(FullCellLimit: 400, CoarseningFactor: 4, BandRadius: 16);
        SeparatedScripts.Sample(script =>
        {
            var video = new SyntheticVideo(script.Seed);
            var a = video.Set(script.A);
            var b = video.Set(script.B);
            string[] options = [.. SyntheticVideo.BothOptions.Order(StringComparer.Ordinal)];
            var weights = new[] { 0.5, 0.5 };
            var vectorsA = ClipSequence.Create(a, options, weights, "A").Combined;
            var vectorsB = ClipSequence.Create(b, options, weights, "B").Combined;

            var full = SequenceAligner.AlignInBand(vectorsA, vectorsB, AlignmentBand.Full(vectorsA.Count, vectorsB.Count), CancellationToken.None);
            var banded = SequenceAligner.Align(vectorsA, vectorsB, small, CancellationToken.None);

            Assert.Equal(full.Cost, banded.Cost, 9);
            Assert.Equal(
                RegionText.Of(VideoComparer.Compare(a, b, ComparisonOptions.Default)),
                RegionText.Of(VideoComparer.Compare(a, b, ComparisonOptions.Default, small, CancellationToken.None)));
        }, iter: 60);
    }

    [Fact]
    public void Banded_Alignment_Is_Never_Cheaper_Than_The_Full_One()
    {
        var tiny = new AlignmentSettings(FullCellLimit: 16, CoarseningFactor: 8, BandRadius: 1);
        Scripts(100, 5, 30).Sample(script =>
        {
            var video = new SyntheticVideo(script.Seed);
            string[] options = [.. SyntheticVideo.BothOptions.Order(StringComparer.Ordinal)];
            var weights = new[] { 0.5, 0.5 };
            var vectorsA = ClipSequence.Create(video.Set(script.A), options, weights, "A").Combined;
            var vectorsB = ClipSequence.Create(video.Set(script.B), options, weights, "B").Combined;

            var full = SequenceAligner.AlignInBand(vectorsA, vectorsB, AlignmentBand.Full(vectorsA.Count, vectorsB.Count), CancellationToken.None);
            var banded = SequenceAligner.Align(vectorsA, vectorsB, tiny, CancellationToken.None);

            Assert.True(banded.Cost >= full.Cost - 1e-9, $"banded {banded.Cost} < full {full.Cost}");
            Assert.Equal(vectorsA.Count, banded.Moves.Count(m => m != AlignmentMove.OnlyB));
            Assert.Equal(vectorsB.Count, banded.Moves.Count(m => m != AlignmentMove.OnlyA));
        }, iter: 60);
    }

    private static void AssertTiles(IEnumerable<(double Start, double End)> spans, double duration)
    {
        var position = 0.0;
        foreach (var (start, end) in spans)
        {
            Assert.Equal(position, start);
            Assert.True(end >= start, $"span {start}-{end} runs backwards");
            position = end;
        }

        Assert.Equal(duration, position);
    }
}
