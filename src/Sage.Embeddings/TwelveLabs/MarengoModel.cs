using Sage.Core.Embeddings;

namespace Sage.Embeddings.TwelveLabs;

/// <summary>What SAGE knows about a TwelveLabs Marengo model: its vectors, its options and its video limits.</summary>
public sealed record MarengoModel
{
    public const string Marengo30 = "marengo3.0";
    public const string Marengo27 = "Marengo-retrieval-2.7";

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

    /// <summary>The model called <paramref name="name"/>; unknown names are treated like Marengo 3.0 (the current generation).</summary>
    public static MarengoModel For(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name.Contains("2.7", StringComparison.Ordinal)
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
