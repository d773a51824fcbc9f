namespace Sage.Core.Comparison;

/// <summary>A maximal stretch of the two videos that relate in one way.</summary>
/// <param name="Kind">What happened here.</param>
/// <param name="AStart">Seconds in A. For <see cref="RegionKind.Inserted"/> equal to <paramref name="AEnd"/>: where in A the insertion sits.</param>
/// <param name="AEnd">Seconds in A.</param>
/// <param name="BStart">Seconds in B. For <see cref="RegionKind.Removed"/> equal to <paramref name="BEnd"/>.</param>
/// <param name="BEnd">Seconds in B.</param>
/// <param name="MeanDistance">Mean combined clip distance of the aligned clip pairs; <see langword="null"/> for inserted/removed/moved and for frame-precision regions.</param>
/// <param name="MaxDistance">Largest combined clip distance of the aligned clip pairs; as above.</param>
/// <param name="OptionMeanDistances">Mean clip distance per option; empty where there are no clip pairs.</param>
/// <param name="FirstStep">Index of the region's first clip step in <see cref="ComparisonResult.Steps"/>; -1 for a frame-precision region.</param>
/// <param name="StepCount">Number of clip steps in the region; 0 for a frame-precision region.</param>
public sealed record Region(
    RegionKind Kind,
    double AStart,
    double AEnd,
    double BStart,
    double BEnd,
    double? MeanDistance,
    double? MaxDistance,
    IReadOnlyDictionary<string, double> OptionMeanDistances,
    int FirstStep,
    int StepCount)
{
    /// <summary>Frames of A, <c>[Start, End)</c> at A's own frame rate; <see langword="null"/> when it is unknown.</summary>
    public FrameSpan? AFrames { get; init; }

    /// <summary>Frames of B, <c>[Start, End)</c> at B's own frame rate; <see langword="null"/> when it is unknown.</summary>
    public FrameSpan? BFrames { get; init; }

    /// <summary>Shorter than <see cref="FrameComparison.ShortSeconds"/> (a flash frame, a glitch): found, but flagged.</summary>
    public bool IsShort { get; init; }

    /// <summary>What differs, for <see cref="RegionKind.Changed"/> regions of frame precision; otherwise <see langword="null"/>.</summary>
    public RegionDifference? Difference { get; init; }
}

/// <summary>Frame numbers <c>[Start, End)</c> of one video at its own frame rate.</summary>
public readonly record struct FrameSpan(long Start, long End)
{
    public static FrameSpan FromSeconds(double start, double end, double frameRate) =>
        new((long)Math.Round(start * frameRate), (long)Math.Round(end * frameRate));
}

/// <summary>What differs in a changed region.</summary>
/// <param name="Picture">Whether the picture differs.</param>
/// <param name="Sound">Whether the sound differs.</param>
/// <param name="Boxes">Where in the frame the picture differs, normalised to 0–1; empty when only the sound differs.</param>
/// <param name="SoundChange">What kind of sound change; <see langword="null"/> when the sound does not differ.</param>
/// <param name="PeakA">Seconds in A of the most different frame pair (for a difference image).</param>
/// <param name="PeakB">Seconds in B of that pair.</param>
public sealed record RegionDifference(
    bool Picture,
    bool Sound,
    IReadOnlyList<NormalisedBox> Boxes,
    SoundChangeKind? SoundChange,
    double PeakA,
    double PeakB);

/// <summary>A rectangle in the frame, every value 0–1 of the frame's width or height, from its top left.</summary>
public sealed record NormalisedBox(double X, double Y, double Width, double Height);

/// <summary>What kind of sound change a region has.</summary>
public enum SoundChangeKind
{
    /// <summary>One side is silent where the other has sound.</summary>
    Silence,

    /// <summary>The same sound at another level (6 dB or more).</summary>
    Level,

    /// <summary>Other sound: a swapped voice line, other music, other effects.</summary>
    Content,

    /// <summary>Other words: the engine's transcription of the stretch differs (engines that give one, e.g. Marengo 3.0).</summary>
    Speech,
}
