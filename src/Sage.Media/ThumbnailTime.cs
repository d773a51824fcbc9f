namespace Sage.Media;

/// <summary>Where in a video to take its thumbnail.</summary>
public static class ThumbnailTime
{
    /// <summary>1 s in (past fade-ins and black first frames), or mid-way for videos shorter than 2 s.</summary>
    public static double Choose(double durationSeconds) =>
        durationSeconds >= 2 || double.IsNaN(durationSeconds) ? 1.0 : Math.Max(0, durationSeconds / 2);
}
