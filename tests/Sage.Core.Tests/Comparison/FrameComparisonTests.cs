using Sage.Core.Comparison;
using Sage.Core.Fingerprints;
using static Sage.Core.Tests.Comparison.SyntheticFootage;

namespace Sage.Core.Tests.Comparison;

public sealed class FrameComparisonTests
{
    private static readonly SyntheticFootage Footage = new(seed: 7, duration: 40);
    private static readonly SyntheticFootage Other = new(seed: 99, duration: 40, meanShot: 1.3);

    [Fact]
    public void An_insert_of_any_length_mid_shot_is_one_region_to_the_frame()
    {
        var b = new Cut([new Stretch(0, 13.32), new Stretch(5, 8.72, Other), new Stretch(13.32, 40)]);
        var result = Compare(Footage.Original(), b, 25, 25);

        var changes = NotSame(result);
        var insert = Assert.Single(changes);
        Assert.Equal(RegionKind.Inserted, insert.Kind);
        AssertWithinFrame(13.32, insert.AStart, 25);
        AssertWithinFrame(13.32, insert.BStart, 25);
        AssertWithinFrame(17.04, insert.BEnd, 25);
        AssertCovers(result);
    }

    [Fact]
    public void A_cut_of_any_length_is_one_removed_region_to_the_frame()
    {
        var b = new Cut([new Stretch(0, 21.16), new Stretch(25.48, 40)]);
        var result = Compare(Footage.Original(), b, 25, 25);

        var cut = Assert.Single(NotSame(result));
        Assert.Equal(RegionKind.Removed, cut.Kind);
        AssertWithinFrame(21.16, cut.AStart, 25);
        AssertWithinFrame(25.48, cut.AEnd, 25);
        AssertWithinFrame(21.16, cut.BStart, 25);
        Assert.Equal(cut.BStart, cut.BEnd);
    }

    [Fact]
    public void A_leader_before_the_spot_is_an_insertion_at_the_start_and_hides_nothing_after_it()
    {
        var b = new Cut([new Stretch(0, 0.88, Other), new Stretch(0, 40)])
        {
            // A box over a quarter of the frame for 1.6 s, as the issue's case.
            PictureEdit = (t, cell, value) => t >= 20.48 && t < 22.08 && InBox(cell, 0, 0, 8, 8) ? (byte)(255 - value) : value,
        };
        var result = Compare(Footage.Original(), b, 25, 25);

        var changes = NotSame(result);
        Assert.Equal(2, changes.Count);
        Assert.Equal(RegionKind.Inserted, changes[0].Kind);
        Assert.Equal(0, changes[0].AStart);
        AssertWithinFrame(0.88, changes[0].BEnd, 25);
        Assert.Equal(RegionKind.Changed, changes[1].Kind);
        AssertWithinFrame(20.48 - 0.88, changes[1].AStart, 25);
        AssertWithinFrame(22.08 - 0.88, changes[1].AEnd, 25);
    }

    [Fact]
    public void A_local_change_says_picture_and_where_in_the_frame()
    {
        // A corner logo: 2×2 cells of 16×16 in the top right, for 1.2 s.
        var b = Footage.Original();
        var logo = new Cut(b.Stretches) { PictureEdit = (t, cell, value) => t >= 10.2 && t < 11.4 && InBox(cell, 13, 1, 2, 2) ? (byte)230 : value };
        var result = Compare(Footage.Original(), logo, 25, 25);

        var change = Assert.Single(NotSame(result));
        Assert.Equal(RegionKind.Changed, change.Kind);
        AssertWithinFrame(10.2, change.AStart, 25);
        AssertWithinFrame(11.4, change.AEnd, 25);
        var difference = Assert.IsType<RegionDifference>(change.Difference);
        Assert.True(difference.Picture);
        Assert.False(difference.Sound);
        var box = Assert.Single(difference.Boxes);
        Assert.InRange(box.X, 12 / 16.0, 13 / 16.0);
        Assert.InRange(box.Y, 0, 1 / 16.0);
        Assert.InRange(box.X + box.Width, 15 / 16.0, 1);
        Assert.InRange(box.Y + box.Height, 3 / 16.0, 4 / 16.0);
        Assert.InRange(difference.PeakA, 10.2, 11.4);
    }

    [Fact]
    public void A_moved_shot_is_one_moved_region_with_both_places()
    {
        var b = new Cut([new Stretch(0, 6.04), new Stretch(9.2, 30.12), new Stretch(6.04, 9.2), new Stretch(30.12, 40)]);
        var result = Compare(Footage.Original(), b, 25, 25);

        var moved = Assert.Single(NotSame(result));
        Assert.Equal(RegionKind.Moved, moved.Kind);
        AssertWithinFrame(6.04, moved.AStart, 25);
        AssertWithinFrame(9.2, moved.AEnd, 25);
        AssertWithinFrame(30.12 - 3.16, moved.BStart, 25);
        AssertWithinFrame(30.12, moved.BEnd, 25);
    }

    [Fact]
    public void Two_neighbouring_shots_swapped_are_one_move_and_nothing_changed()
    {
        // One shot moved past the other explains the swap; the other shot is the same content at another offset.
        var b = new Cut([new Stretch(0, 10), new Stretch(13, 16), new Stretch(10, 13), new Stretch(16, 40)]);
        var result = Compare(Footage.Original(), b, 25, 25);

        var moved = Assert.Single(NotSame(result));
        Assert.Equal(RegionKind.Moved, moved.Kind);
        AssertWithinFrame(3, moved.AEnd - moved.AStart, 25);
        Assert.True(Math.Abs(moved.BStart - moved.AStart) > 2.9, Describe(result));
        AssertCovers(result);
    }

    [Theory]
    [InlineData(25, 30000 / 1001.0)]
    [InlineData(25, 24000 / 1001.0)]
    [InlineData(30, 25)]
    public void Other_frame_rates_align_by_time_and_keep_edits_to_the_frame(double rateA, double rateB)
    {
        var b = new Cut([new Stretch(0, 13.32), new Stretch(5, 8.72, Other), new Stretch(13.32, 40)]);
        var result = Compare(Footage.Original(), b, rateA, rateB);

        Assert.True(NotSame(result).Count == 1, Describe(result));
        var insert = Assert.Single(NotSame(result));
        Assert.Equal(RegionKind.Inserted, insert.Kind);
        AssertWithinFrame(13.32, insert.AStart, Math.Min(rateA, rateB));
        AssertWithinFrame(17.04, insert.BEnd, Math.Min(rateA, rateB));
        Assert.Equal(result.FrameRateB, rateB);
        Assert.Equal((long)Math.Round(insert.BEnd * rateB), insert.BFrames!.Value.End);
    }

    [Theory]
    [InlineData(25, 25, 2)]
    [InlineData(25, 25, 6)]
    [InlineData(25, 30000 / 1001.0, 3)]
    [InlineData(25, 24000 / 1001.0, 3)]
    public void Copies_with_encoding_noise_and_other_frame_rates_have_no_region(double rateA, double rateB, int noise)
    {
        var result = Compare(Footage.Original(), new Cut(Footage.Original().Stretches) { Noise = noise }, rateA, rateB);

        Assert.True(NotSame(result).Count == 0, Describe(result));
        Assert.Equal(ComparisonPrecision.Frame, result.Precision);
        Assert.NotNull(result.NoiseFloor);
    }

    [Fact]
    public void A_flash_frame_is_found_and_marked_short()
    {
        var b = new Cut(Footage.Original().Stretches) { PictureEdit = (t, _, value) => t >= 15 && t < 15.04 ? (byte)250 : value };
        var result = Compare(Footage.Original(), b, 25, 25);

        var flash = Assert.Single(NotSame(result));
        Assert.Equal(RegionKind.Changed, flash.Kind);
        Assert.True(flash.IsShort);
        AssertWithinFrame(15, flash.AStart, 25);
        Assert.Equal(new FrameSpan(375, 376), flash.BFrames);
    }

    [Fact]
    public void A_muted_second_and_a_level_change_are_sound_changes_of_their_kind()
    {
        var b = new Cut(Footage.Original().Stretches) { Gain = t => t >= 20.5 && t < 21.5 ? -200 : t >= 25 && t < 29 ? -8 : 0 };
        var result = Compare(Footage.Original(), b, 25, 25);

        var changes = NotSame(result);
        Assert.Equal(2, changes.Count);
        Assert.All(changes, c => Assert.Equal(RegionKind.Changed, c.Kind));
        Assert.All(changes, c => Assert.False(c.Difference!.Picture));
        Assert.All(changes, c => Assert.True(c.Difference!.Sound));
        Assert.Equal(SoundChangeKind.Silence, changes[0].Difference!.SoundChange);
        Assert.InRange(changes[0].AStart, 20.4, 20.6);
        Assert.InRange(changes[0].AEnd, 21.4, 21.6);
        Assert.Equal(SoundChangeKind.Level, changes[1].Difference!.SoundChange);
        Assert.InRange(changes[1].AStart, 24.9, 25.1);
        Assert.InRange(changes[1].AEnd, 28.9, 29.1);
    }

    [Fact]
    public void A_sound_change_whose_transcription_differs_is_a_speech_change()
    {
        var b = new Cut(Footage.Original().Stretches) { Gain = t => t >= 20.5 && t < 23.5 ? -9 : 0 };
        var fa = Footage.Original().Render(Footage, 25, 1);
        var fb = b.Render(Footage, 25, 2);
        // Speech-only transcription clips: 18-20 and 20-24 s; B's words over the change are other words.
        var setA = WithWords(Cut.Embed(fa), (18, 20, 1), (20, 24, 2));
        var setB = WithWords(Cut.Embed(fb), (18, 20, 1), (20, 24, 3));

        var result = VideoComparer.Compare(new ComparisonInput(setA, fa), new ComparisonInput(setB, fb), ComparisonOptions.Default);

        var change = Assert.Single(NotSame(result));
        Assert.Equal(SoundChangeKind.Speech, change.Difference!.SoundChange);

        var same = VideoComparer.Compare(new ComparisonInput(setA, fa), new ComparisonInput(WithWords(Cut.Embed(fb), (18, 20, 1), (20, 24, 2)), fb), ComparisonOptions.Default);
        Assert.Equal(SoundChangeKind.Level, Assert.Single(NotSame(same)).Difference!.SoundChange);
    }

    private static Sage.Core.Embeddings.EmbeddingSet WithWords(Sage.Core.Embeddings.EmbeddingSet set, params (double Start, double End, int Words)[] clips)
    {
        var segments = set.Segments.ToList();
        foreach (var (start, end, words) in clips)
        {
            var vector = new float[set.Dimension];
            vector[words] = 1;
            segments.Add(new Sage.Core.Embeddings.EmbeddingSegment(start, end, Sage.Core.Embeddings.EmbeddingScope.Clip, Sage.Core.Embeddings.EmbeddingOption.Transcription, vector));
        }

        return set with { Segments = segments };
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Any_one_insert_or_cut_anywhere_is_found_to_the_frame(int seed)
    {
        // Edits at random frames and of random lengths (0.5–6 s), including near the ends.
        var random = new Random(seed);
        var at = Math.Round((0.6 + (random.NextDouble() * 38)) * 25) / 25;
        var length = Math.Round((0.5 + (random.NextDouble() * 5.5)) * 25) / 25;
        var insert = seed % 2 == 0;
        var b = insert
            ? new Cut([new Stretch(0, at), new Stretch(3, 3 + length, Other), new Stretch(at, 40)])
            : new Cut([new Stretch(0, at), new Stretch(Math.Min(40, at + length), 40)]);
        var result = Compare(Footage.Original(), b, 25, 25);

        var change = NotSame(result);
        Assert.True(change.Count == 1, $"{(insert ? "insert" : "cut")} of {length} s at {at} s: " + Describe(result));
        Assert.Equal(insert ? RegionKind.Inserted : RegionKind.Removed, change[0].Kind);
        AssertWithinFrame(at, insert ? change[0].BStart : change[0].AStart, 25);
        AssertWithinFrame(insert ? at + length : Math.Min(40, at + length), insert ? change[0].BEnd : change[0].AEnd, 25);
        AssertCovers(result);
    }

    [Fact]
    public void Unrelated_and_tiny_videos_compare_without_failing_and_are_covered()
    {
        var tiny = new SyntheticFootage(seed: 3, duration: 1.2);
        var fa = tiny.Original().Render(tiny, 25, 1);
        var fb = Other.Original().Render(Other, 30, 2);
        var result = VideoComparer.Compare(new ComparisonInput(Cut.Embed(fa), fa), new ComparisonInput(Cut.Embed(fb), fb), ComparisonOptions.Default);

        Assert.Equal(ComparisonPrecision.Frame, result.Precision);
        Assert.DoesNotContain(result.Regions, r => r.Kind == RegionKind.Same && r.AEnd - r.AStart > 0.5);
        AssertCovers(result);
    }

    [Fact]
    public void A_fingerprint_without_pictures_leaves_the_clip_result()
    {
        var a = Footage.Original().Render(Footage, 25, 1);
        var empty = new VideoFingerprint(25, new PictureTrack(25, []), null);
        var result = VideoComparer.Compare(new ComparisonInput(Cut.Embed(a), a), new ComparisonInput(Cut.Embed(a), empty), ComparisonOptions.Default);

        Assert.Equal(ComparisonPrecision.Clip, result.Precision);
        Assert.NotEmpty(result.Regions);
    }

    [Fact]
    public void Without_both_fingerprints_the_result_keeps_clip_precision()
    {
        var a = Footage.Original().Render(Footage, 25, 1);
        var b = Footage.Original().Render(Footage, 25, 2);
        var result = VideoComparer.Compare(new ComparisonInput(Cut.Embed(a), a), new ComparisonInput(Cut.Embed(b)), ComparisonOptions.Default);

        Assert.Equal(ComparisonPrecision.Clip, result.Precision);
    }

    private static ComparisonResult Compare(Cut a, Cut b, double rateA, double rateB)
    {
        var fa = a.Render(Footage, rateA, 1);
        var fb = b.Render(Footage, rateB, 2);
        return VideoComparer.Compare(new ComparisonInput(Cut.Embed(fa), fa), new ComparisonInput(Cut.Embed(fb), fb), ComparisonOptions.Default);
    }

    private static string Describe(ComparisonResult result) => string.Join("; ", result.Regions.Select(r =>
        FormattableString.Invariant($"{r.Kind} A {r.AStart:F3}-{r.AEnd:F3} B {r.BStart:F3}-{r.BEnd:F3} {(r.Difference is { } d ? $"p={d.Picture} s={d.Sound} {d.SoundChange}" : "")}")));

    private static List<Region> NotSame(ComparisonResult result) => [.. result.Regions.Where(r => r.Kind != RegionKind.Same)];

    private static bool InBox(int cell, int x, int y, int width, int height)
    {
        if (cell >= PictureTrack.LumaLength)
        {
            return false;
        }

        int cy = cell / PictureTrack.LumaGrid, cx = cell % PictureTrack.LumaGrid;
        return cx >= x && cx < x + width && cy >= y && cy < y + height;
    }

    private static void AssertWithinFrame(double expected, double actual, double frameRate) =>
        Assert.True(Math.Abs(expected - actual) <= (1 / frameRate) + 1e-6, $"expected {expected:F3} ± one frame (1/{frameRate:F3} s), got {actual:F3}");

    /// <summary>Every second of A and of B is in exactly one region.</summary>
    private static void AssertCovers(ComparisonResult result)
    {
        var a = result.Regions.Where(r => r.AEnd > r.AStart).OrderBy(r => r.AStart).ToList();
        Assert.Equal(0, a[0].AStart);
        for (var k = 1; k < a.Count; k++)
        {
            Assert.Equal(a[k - 1].AEnd, a[k].AStart, 6);
        }

        Assert.Equal(result.DurationA, a[^1].AEnd, 6);
        var b = result.Regions.Where(r => r.BEnd > r.BStart).OrderBy(r => r.BStart).ToList();
        Assert.Equal(0, b[0].BStart);
        for (var k = 1; k < b.Count; k++)
        {
            Assert.Equal(b[k - 1].BEnd, b[k].BStart, 6);
        }

        Assert.Equal(result.DurationB, b[^1].BEnd, 6);
    }
}
