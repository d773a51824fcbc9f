using Sage.Core.Embeddings;

namespace Sage.Embeddings.TwelveLabs;

/// <summary>What SAGE knows about a TwelveLabs Marengo model: its vectors, its options and its video limits.</summary>
public sealed record MarengoModel
{
    public const string Marengo30 = "marengo3.0";
    public const string Marengo27 = "Marengo-retrieval-2.7";

    /// <summary>
    /// Named by newer SDKs. Its v2 request wraps segmentation in a <c>temporal</c> object and it has no
    /// transcription; SAGE refuses it by name rather than send it marengo3.0's shape.
    /// </summary>
    public const string Marengo35 = "marengo3.5";

    public required string Name { get; init; }

    /// <summary>The documented vector length (the engine takes whatever length comes back, as long as it is consistent).</summary>
    public required int Dimension { get; init; }

    /// <summary>The embedding options the model produces, in TwelveLabs' words.</summary>
    public required IReadOnlyList<string> Options { get; init; }

    /// <summary>
    /// The option assumed for a segment that comes without <c>embedding_option</c>: the model's
    /// visual option (older answers only had the one).
    /// </summary>
    public required string DefaultOption { get; init; }

    public required double MaxDurationSeconds { get; init; }

    /// <summary>The longest side allowed, in either orientation.</summary>
    public required int MaxLongSide { get; init; }

    public const double MinDurationSeconds = 4;
    public const int MinSide = 360;
    public const int MaxShortSide = 2160;

    /// <summary>Widest aspect ratio documented (2.4:1 or 1:2.4).</summary>
    public const double MaxAspectRatio = 2.4;

    /// <summary>Files uploaded as <c>video_file</c>: TwelveLabs' "2 GB", read as decimal gigabytes so no file it rejects is sent.</summary>
    public const long MaxUploadBytes = 2_000_000_000;

    public bool IsRetrieval27 => string.Equals(Name, Marengo27, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether SAGE knows the request and answer shapes of <paramref name="name"/> (marengo3.0, Marengo-retrieval-2.7).</summary>
    public static bool IsSupported(string? name) =>
        string.Equals(name, Marengo30, StringComparison.OrdinalIgnoreCase) || string.Equals(name, Marengo27, StringComparison.OrdinalIgnoreCase);

    /// <summary>Why <paramref name="name"/> cannot be used, for the start-up validation; null when it can.</summary>
    public static string? Refusal(string? name)
    {
        if (IsSupported(name))
        {
            return null;
        }

        return string.Equals(name?.Trim(), Marengo35, StringComparison.OrdinalIgnoreCase)
            ? $"Sage:TwelveLabs:Model '{name}' is not supported: marengo3.5 takes a different request (segmentation inside a 'temporal' object) and makes no transcription embeddings, and SAGE only sends marengo3.0's shape. Use '{Marengo30}'."
            : $"Sage:TwelveLabs:Model '{name}' is not a model SAGE knows; use '{Marengo30}' (or '{Marengo27}' with Api=V1).";
    }

    /// <summary>
    /// The model called <paramref name="name"/>. Unknown names throw: guessing "like 3.0" would send a
    /// newer model a request shape it does not take (start-up validation refuses them first).
    /// </summary>
    public static MarengoModel For(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (Refusal(name) is { } refusal)
        {
            throw new ArgumentException(refusal, nameof(name));
        }

        return string.Equals(name, Marengo27, StringComparison.OrdinalIgnoreCase)
            ? new MarengoModel
            {
                Name = name,
                Dimension = 1024,
                Options = [EmbeddingOption.VisualText, EmbeddingOption.Audio],
                DefaultOption = EmbeddingOption.VisualText,
                MaxDurationSeconds = 2 * 3600,
                MaxLongSide = 3840,
            }
            : new MarengoModel
            {
                Name = name,
                Dimension = 512,
                Options = [EmbeddingOption.Visual, EmbeddingOption.Audio, EmbeddingOption.Transcription],
                DefaultOption = EmbeddingOption.Visual,
                MaxDurationSeconds = 4 * 3600,
                MaxLongSide = 5184,
            };
    }
}
