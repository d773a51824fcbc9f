namespace Sage.Embeddings.TwelveLabs;

/// <summary>TwelveLabs' video requirements, one per way a video can break them.</summary>
public enum TwelveLabsVideoRule
{
    DurationTooShort,
    DurationTooLong,
    ResolutionTooLow,
    ResolutionTooHigh,
    AspectRatio,
    FileTooLarge,

    /// <summary>The chosen API cannot take the video from where it is (e.g. v2 with a local file).</summary>
    SourceNotSupported,
}
