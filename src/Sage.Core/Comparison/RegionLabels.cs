using Sage.Core.Embeddings;

namespace Sage.Core.Comparison;

/// <summary>
/// The words for what differs in a changed region: the one definition the API, the CSV export and the UI show.
/// </summary>
public static class RegionLabels
{
    /// <summary>
    /// "picture", "audio" or "picture and audio" for a <see cref="RegionKind.Changed"/> region, with the kind of sound
    /// change when the frame comparison found one ("audio (level)"); <see langword="null"/> for other kinds.
    /// With frame precision the words come from <see cref="Region.Difference"/>; with clip precision from the weighted
    /// options whose mean distance over the region is above the threshold (the combined distance is their weighted
    /// mean, so at least one of them is whenever the region is changed).
    /// </summary>
    public static string? Describe(Region region, ComparisonResult result)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(result);
        if (region.Kind != RegionKind.Changed)
        {
            return null;
        }

        if (region.Difference is { } difference)
        {
            return Words(difference.Picture, difference.Sound, difference.SoundChange);
        }

        var above = region.OptionMeanDistances
            .Where(o => result.Weights.GetValueOrDefault(o.Key) > 0 && o.Value > result.Threshold)
            .Select(o => o.Key)
            .ToList();
        return Words(above.Any(IsPictureOption), above.Any(IsSoundOption), soundChange: null);
    }

    /// <summary>The API's name of a sound change kind: "silence", "level", "content" or "speech".</summary>
    public static string Name(SoundChangeKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Embedding options that describe the picture.</summary>
    public static bool IsPictureOption(string option) => option is EmbeddingOption.Visual or EmbeddingOption.VisualText;

    /// <summary>Embedding options that describe the sound.</summary>
    public static bool IsSoundOption(string option) => option is EmbeddingOption.Audio or EmbeddingOption.Transcription;

    private static string? Words(bool picture, bool sound, SoundChangeKind? soundChange)
    {
        var audio = soundChange is { } kind ? $"audio ({Name(kind)})" : "audio";
        return (picture, sound) switch
        {
            (true, true) => $"picture and {audio}",
            (true, false) => "picture",
            (false, true) => audio,
            _ => null,
        };
    }
}
