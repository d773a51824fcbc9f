namespace Sage.Core.Comparison;

/// <summary>How finely a comparison placed its regions.</summary>
public enum ComparisonPrecision
{
    /// <summary>From the clip embeddings alone: boundaries on the clip grid (one or both videos have no fingerprint, or index mode).</summary>
    Clip,

    /// <summary>The clip path refined with both videos' frame-level fingerprints: boundaries to the frame.</summary>
    Frame,
}
