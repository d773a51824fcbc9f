using Sage.Core.Fingerprints;

namespace Sage.Core.Comparison;

/// <summary>
/// Refines a clip-precision result with both videos' fingerprints: the clip path gives a band, the frame grids are
/// aligned inside it (<see cref="FrameAligner"/>), the pieces are moved to the frame (<see cref="PieceRefiner"/>),
/// then every aligned frame and sound frame is compared against the pair's own noise floor
/// (<see cref="PictureChanges"/>, <see cref="SoundChanges"/>), and removed content found again elsewhere in B becomes
/// moved (<see cref="MovedContent"/>).
/// </summary>
public static class FrameComparison
{
    /// <summary>Regions shorter than this are flagged <see cref="Region.IsShort"/>.</summary>
    public const double ShortSeconds = 0.5;

    /// <summary>How far (seconds) around the clip path the frame alignment looks, in clip lengths.</summary>
    private const double BandClips = 2;

    /// <summary>Refines <paramref name="coarse"/> (aligned mode, clip precision) to the frame.</summary>
    public static ComparisonResult Refine(ComparisonResult coarse, VideoFingerprint a, VideoFingerprint b, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coarse);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Picture.Count == 0 || b.Picture.Count == 0)
        {
            return coarse with { FrameRateA = a.SourceFrameRate, FrameRateB = b.SourceFrameRate };
        }

        var pair = new FramePair(a.Picture, b.Picture);
        var gridA = new FrameGrid(a.Picture);
        var gridB = new FrameGrid(b.Picture);
        var clipLength = coarse.Steps.Count > 0 ? coarse.Steps.Max(s => Math.Max(s.AEnd - s.AStart, s.BEnd - s.BStart)) : 2;
        var band = AlignmentBand.AroundSteps(coarse.Steps, gridA.Count, gridB.Count, FrameGrid.Step, BandClips * Math.Max(clipLength, 1));
        var unrelated = FrameAligner.UnrelatedDistance(gridA, gridB);
        var gridPieces = FrameAligner.Align(gridA, gridB, band, unrelated, cancellationToken);
        var matched = MatchedMedian(pair, gridPieces);
        var unmatched = (matched + unrelated) / 2;
        var pieces = PieceRefiner.Refine(pair, gridPieces, unmatched, cancellationToken);
        var (pictureRuns, pictureFloor) = PictureChanges.Find(pair, pieces, matched > unrelated / 2 ? FrameAligner.UnrelatedPeak(gridA, gridB) : null, cancellationToken);
        var (soundRuns, soundFloors) = a.Sound is { } soundA && b.Sound is { } soundB
            ? SoundChanges.Find(soundA, soundB, pieces, cancellationToken)
            : ([], null);
        var changes = ChangeMerger.Merge(pictureRuns, soundRuns);
        var moves = MovedContent.Find(pair, pieces, unmatched, cancellationToken);
        Func<double, double, double, SoundChangeKind?> replacedSound = (start, end, offset) =>
            soundFloors is not null && a.Sound is { } sa && b.Sound is { } sb ? SoundChanges.Judge(sa, sb, start, end, offset, soundFloors) : null;
        var regions = FrameRegions.Build(pieces, changes, moves, replacedSound, (pair.DurationA, pair.DurationB), (a.SourceFrameRate, b.SourceFrameRate));
        var statistics = RegionTotals.Of(regions, pair.DurationA, pair.DurationB, coarse.Statistics.ClipsCompared, coarse.Statistics.ClipsChanged);
        return coarse with
        {
            Regions = regions,
            Statistics = statistics,
            DurationA = pair.DurationA,
            DurationB = pair.DurationB,
            Precision = ComparisonPrecision.Frame,
            FrameRateA = a.SourceFrameRate,
            FrameRateB = b.SourceFrameRate,
            NoiseFloor = new NoiseFloor(pictureFloor, soundFloors?.Shape),
        };
    }

    /// <summary>Median picture distance of the grid's paired frames: the level of "the same" for this pair.</summary>
    private static double MatchedMedian(FramePair pair, IReadOnlyList<AlignedPiece> pieces)
    {
        var samples = new List<double>();
        foreach (var piece in pieces)
        {
            var first = pair.AFrameAtOrAfter(piece.AStart);
            var last = pair.AFrameAtOrAfter(piece.AEnd);
            var stride = Math.Max(1, (last - first) / 200);
            for (var i = first; i < last; i += stride)
            {
                samples.Add(pair.CostOfA(i, piece.Offset, 255));
            }
        }

        var sorted = samples.ToArray();
        Array.Sort(sorted);
        return NoiseStatistics.Median(sorted);
    }
}
