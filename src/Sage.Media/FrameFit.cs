namespace Sage.Media;

/// <summary>How a frame of another aspect ratio is fitted into the requested width and height.</summary>
public enum FrameFit
{
    /// <summary>Scale both axes independently (distorts non-matching aspect ratios). The default.</summary>
    Stretch,

    /// <summary>Scale to fit inside, keeping the aspect ratio, and pad the rest with black.</summary>
    Letterbox,
}
