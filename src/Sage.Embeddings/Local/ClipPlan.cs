namespace Sage.Embeddings.Local;

/// <summary>
/// How a video of a given duration is cut into clips. Clip k covers [k·L, (k+1)·L); the last clip
/// ends at the duration, so the clips cover the whole video without gaps. A final piece shorter
/// than <see cref="MinTailSeconds"/> is not a clip of its own but is merged into the previous clip
/// (which becomes up to L + 0.5 s long), because a few frames are too little to describe.
/// A video shorter than L is one clip.
/// </summary>
public sealed class ClipPlan
{
    public const double MinTailSeconds = 0.5;

    private ClipPlan(double durationSeconds, double clipLengthSeconds, int count)
    {
        DurationSeconds = durationSeconds;
        ClipLengthSeconds = clipLengthSeconds;
        Count = count;
    }

    public double DurationSeconds { get; }

    public double ClipLengthSeconds { get; }

    public int Count { get; }

    public static ClipPlan For(double durationSeconds, double clipLengthSeconds)
    {
        if (!(durationSeconds > 0) || !double.IsFinite(durationSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(durationSeconds), durationSeconds, "Must be a positive number.");
        }

        if (!(clipLengthSeconds > 0) || !double.IsFinite(clipLengthSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(clipLengthSeconds), clipLengthSeconds, "Must be a positive number.");
        }

        // The small tolerance keeps 30.0000001 s (container rounding) from making a 16th 2-s clip.
        var count = Math.Max(1, (int)Math.Ceiling((durationSeconds / clipLengthSeconds) - 1e-6));
        var tail = durationSeconds - ((count - 1) * clipLengthSeconds);
        if (count > 1 && tail < MinTailSeconds)
        {
            count--;
        }

        return new ClipPlan(durationSeconds, clipLengthSeconds, count);
    }

    public double StartOf(int clip) => clip * ClipLengthSeconds;

    public double EndOf(int clip) => clip == Count - 1 ? DurationSeconds : (clip + 1) * ClipLengthSeconds;

    /// <summary>The clip a moment belongs to; moments past the end (decoders overshoot the probed duration) go to the last clip.</summary>
    public int ClipAt(double seconds) =>
        seconds <= 0 ? 0 : Math.Min(Count - 1, (int)Math.Floor(seconds / ClipLengthSeconds));
}
