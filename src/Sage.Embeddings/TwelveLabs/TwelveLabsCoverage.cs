using Sage.Core.Embeddings;

namespace Sage.Embeddings.TwelveLabs;

/// <summary>
/// Checks that the clips of one option cover the video as ffprobe measured it (never a duration
/// read from the answer itself, which is what let the original's check pass every time). Only a
/// final piece shorter than 2 s may be missing, since TwelveLabs drops those; any gap fails.
/// The check is for the options that describe the whole timeline: transcription clips exist only
/// where someone speaks, so a silent stretch is no gap there.
/// </summary>
public static class TwelveLabsCoverage
{
    /// <summary>
    /// True for options with a clip for every stretch of the video (visual, visual-text, audio);
    /// false for transcription, which has clips only where there is speech.
    /// </summary>
    public static bool CoversTimeline(string option) =>
        !string.Equals(option, EmbeddingOption.Transcription, StringComparison.Ordinal);

    /// <summary>TwelveLabs drops a final piece shorter than this.</summary>
    public const double DroppedTailSeconds = 2;

    /// <summary>Slack for rounding and for container vs. stream durations.</summary>
    public const double ToleranceSeconds = 0.25;

    /// <summary>Throws <see cref="TwelveLabsFailure.UnusableResult"/> when <paramref name="clips"/> (one option, clip scope) do not cover the video.</summary>
    public static void Check(IReadOnlyList<EmbeddingSegment> clips, double durationSeconds)
    {
        ArgumentNullException.ThrowIfNull(clips);
        var covered = 0.0;
        foreach (var clip in clips.OrderBy(c => c.Start))
        {
            if (clip.Start > covered + ToleranceSeconds)
            {
                throw TwelveLabsException.Unusable(
                    $"TwelveLabs returned clips with a gap from {Seconds(covered)} s to {Seconds(clip.Start)} s of a {Seconds(durationSeconds)} s video");
            }

            covered = Math.Max(covered, clip.End);
        }

        if (covered < durationSeconds - DroppedTailSeconds - ToleranceSeconds)
        {
            throw TwelveLabsException.Unusable($"TwelveLabs returned clips up to {Seconds(covered)} s of a {Seconds(durationSeconds)} s video");
        }
    }

    private static string Seconds(double seconds) => TwelveLabsVideoRequirements.Seconds(seconds);
}
