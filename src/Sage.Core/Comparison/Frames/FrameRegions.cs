namespace Sage.Core.Comparison;

/// <summary>Lays pieces, gaps, changes and moves out as regions in A's order, covering both videos once.</summary>
internal static class FrameRegions
{
    private static readonly IReadOnlyDictionary<string, double> NoDistances = new Dictionary<string, double>();

    public static List<Region> Build(
        IReadOnlyList<AlignedPiece> pieces,
        IReadOnlyList<ChangeRun> changes,
        IReadOnlyList<MovedSpan> moves,
        Func<double, double, double, SoundChangeKind?> replacedSound,
        (double A, double B) durations,
        (double A, double B) frameRates)
    {
        var (durationA, durationB) = durations;
        var (frameRateA, frameRateB) = frameRates;
        var tiny = 0.5 / Math.Max(frameRateA, frameRateB);
        var regions = new List<Region>();
        double a = 0, b = 0;

        // Where the next region starts in each video: edges within half a frame of them are snapped on, so the
        // regions cover both videos with no sliver left between them.
        double nextA = 0, nextB = 0;
        foreach (var piece in pieces)
        {
            Gap(a, piece.AStart, b, piece.BStart);
            var cursor = piece.AStart;
            foreach (var change in changes.Where(c => Math.Abs(c.Offset - piece.Offset) < 1e-9 && c.AEnd > piece.AStart && c.AStart < piece.AEnd))
            {
                var start = Math.Max(change.AStart, cursor);
                var end = Math.Min(change.AEnd, piece.AEnd);
                if (end <= start)
                {
                    continue;
                }

                Add(RegionKind.Same, cursor, start, cursor + piece.Offset, start + piece.Offset, null);
                Add(RegionKind.Changed, start, end, start + piece.Offset, end + piece.Offset,
                    new RegionDifference(change.Picture, change.Sound, change.Boxes, change.Sound ? change.SoundChange : null, change.PeakA, change.PeakB));
                cursor = end;
            }

            Add(RegionKind.Same, cursor, piece.AEnd, cursor + piece.Offset, piece.BEnd, null);
            a = piece.AEnd;
            b = piece.BEnd;
        }

        Gap(a, durationA, b, durationB);
        if (regions.Count > 0)
        {
            var last = regions[^1];
            if (last.Kind != RegionKind.Moved)
            {
                var aEnd = Math.Abs(last.AEnd - durationA) <= tiny ? Math.Round(durationA, 6) : last.AEnd;
                var bEnd = Math.Abs(last.BEnd - durationB) <= tiny ? Math.Round(durationB, 6) : last.BEnd;
                regions[^1] = last with
                {
                    AEnd = aEnd,
                    BEnd = bEnd,
                    AStart = last.Kind == RegionKind.Inserted ? aEnd : last.AStart,
                    BStart = last.Kind == RegionKind.Removed ? bEnd : last.BStart,
                    AFrames = FrameSpan.FromSeconds(last.Kind == RegionKind.Inserted ? aEnd : last.AStart, aEnd, frameRateA),
                    BFrames = FrameSpan.FromSeconds(last.Kind == RegionKind.Removed ? bEnd : last.BStart, bEnd, frameRateB),
                };
            }
        }

        return regions;

        void Gap(double aStart, double aEnd, double bStart, double bEnd)
        {
            var hasA = aEnd - aStart > tiny;
            var hasB = bEnd - bStart > tiny;
            var moveOut = hasA ? moves.FirstOrDefault(m => Math.Abs(m.AStart - aStart) < 1e-9) : default;
            var movedIn = hasB && moves.Any(m => Math.Abs(m.BStart - bStart) < 1e-9);
            if (movedIn)
            {
                // The moved region (placed at its A position) covers this stretch of B.
                nextB = bEnd;
            }

            var isMoveOut = hasA && moves.Any(m => Math.Abs(m.AStart - aStart) < 1e-9);
            if (isMoveOut)
            {
                Add(RegionKind.Moved, moveOut.AStart, moveOut.AEnd, moveOut.BStart, moveOut.BEnd, null);
            }

            if (hasA && !isMoveOut && hasB && !movedIn)
            {
                // Both sides have content the other lacks, at the same place: replaced. The picture is other; the
                // sound is judged over the stretch against the pair's sound floors.
                var sound = replacedSound(aStart, aEnd, bStart - aStart);
                Add(RegionKind.Changed, aStart, aEnd, bStart, bEnd,
                    new RegionDifference(true, sound is not null, [new NormalisedBox(0, 0, 1, 1)], sound, (aStart + aEnd) / 2, (bStart + bEnd) / 2));
                return;
            }

            if (hasA && !isMoveOut)
            {
                Add(RegionKind.Removed, aStart, aEnd, bStart, bStart, null);
            }

            if (hasB && !movedIn)
            {
                Add(RegionKind.Inserted, aEnd, aEnd, bStart, bEnd, null);
            }
        }

        void Add(RegionKind kind, double aStart, double aEnd, double bStart, double bEnd, RegionDifference? difference)
        {
            if (kind != RegionKind.Inserted && aEnd - aStart <= tiny && kind != RegionKind.Removed)
            {
                return;
            }

            if (kind == RegionKind.Inserted && bEnd - bStart <= tiny)
            {
                return;
            }

            if (Math.Abs(aStart - nextA) <= tiny)
            {
                aStart = nextA;
                aEnd = kind == RegionKind.Inserted ? aStart : aEnd;
            }

            if (kind != RegionKind.Moved && Math.Abs(bStart - nextB) <= tiny)
            {
                bStart = nextB;
                bEnd = kind == RegionKind.Removed ? bStart : bEnd;
            }

            nextA = Math.Round(aEnd, 6);
            if (kind != RegionKind.Moved)
            {
                nextB = Math.Round(bEnd, 6);
            }

            aStart = Math.Round(aStart, 6);
            aEnd = Math.Round(aEnd, 6);
            bStart = Math.Round(bStart, 6);
            bEnd = Math.Round(bEnd, 6);
            var length = Math.Max(aEnd - aStart, bEnd - bStart);
            var region = new Region(kind, aStart, aEnd, bStart, bEnd, null, null, NoDistances, -1, 0)
            {
                AFrames = FrameSpan.FromSeconds(aStart, aEnd, frameRateA),
                BFrames = FrameSpan.FromSeconds(bStart, bEnd, frameRateB),
                IsShort = kind != RegionKind.Same && length < FrameComparison.ShortSeconds,
                Difference = difference,
            };

            // Neighbouring same regions (a change dropped between them) are one.
            if (kind == RegionKind.Same && regions.Count > 0 && regions[^1].Kind == RegionKind.Same &&
                Math.Abs(regions[^1].AEnd - aStart) < 1e-6 && Math.Abs(regions[^1].BEnd - bStart) < 1e-6)
            {
                var previous = regions[^1];
                regions[^1] = previous with
                {
                    AEnd = aEnd,
                    BEnd = bEnd,
                    AFrames = FrameSpan.FromSeconds(previous.AStart, aEnd, frameRateA),
                    BFrames = FrameSpan.FromSeconds(previous.BStart, bEnd, frameRateB),
                };
                return;
            }

            regions.Add(region);
        }
    }
}
