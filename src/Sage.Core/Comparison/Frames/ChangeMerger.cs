namespace Sage.Core.Comparison;

/// <summary>Joins picture and sound changes that overlap into one change that says both; drops weak short ones.</summary>
internal static class ChangeMerger
{
    /// <summary>A change shorter than <see cref="FrameComparison.ShortSeconds"/> must be this many times its floor: a flash frame is, noise is not.</summary>
    public const double ShortExcess = 2;

    /// <summary>
    /// Keeps a change of half a second or more; a shorter one only where it stands well above the floor and is not what
    /// a lossy codec does to sound: a short sound change is kept only as a dropout (silence), since a codec smears
    /// every transient (a beat, a click) for a few tens of milliseconds, which the smoothing stretches to a fifth of a
    /// second at every beat of a low-bitrate copy.
    /// </summary>
    private static bool Kept(ChangeRun run) =>
        run.AEnd - run.AStart >= FrameComparison.ShortSeconds - 1e-9 ||
        (run.PeakExcess >= ShortExcess && (run.Picture || run.SoundChange == SoundChangeKind.Silence));

    public static List<ChangeRun> Merge(List<ChangeRun> picture, List<ChangeRun> sound)
    {
        var all = picture.Concat(sound)
            .Where(Kept)
            .OrderBy(r => r.AStart)
            .ToList();
        var merged = new List<ChangeRun>();
        foreach (var run in all)
        {
            if (merged.Count > 0 && run.AStart <= merged[^1].AEnd + 1e-9 && Math.Abs(run.Offset - merged[^1].Offset) < 1e-9)
            {
                var last = merged[^1];
                var strongest = run.PeakExcess > last.PeakExcess && run.Picture ? run : last.Picture ? last : run;
                merged[^1] = last with
                {
                    AEnd = Math.Max(last.AEnd, run.AEnd),
                    Picture = last.Picture || run.Picture,
                    Sound = last.Sound || run.Sound,
                    Boxes = [.. last.Boxes, .. run.Boxes],
                    SoundChange = last.SoundChange ?? run.SoundChange,
                    PeakExcess = Math.Max(last.PeakExcess, run.PeakExcess),
                    PeakA = strongest.PeakA,
                    PeakB = strongest.PeakB,
                };
            }
            else
            {
                merged.Add(run);
            }
        }

        return merged;
    }
}
