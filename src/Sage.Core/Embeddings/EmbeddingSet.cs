namespace Sage.Core.Embeddings;

/// <summary>Whether a segment describes one clip or the whole video (TwelveLabs' <c>embedding_scope</c>).</summary>
public static class EmbeddingScope
{
    public const string Clip = "clip";
    public const string Video = "video";
}

/// <summary>What a vector describes (TwelveLabs' <c>embedding_option</c>).</summary>
public static class EmbeddingOption
{
    public const string Visual = "visual";
    public const string VisualText = "visual-text";
    public const string Audio = "audio";
    public const string Transcription = "transcription";
}

/// <summary>One embedding vector over a time span of a video.</summary>
/// <param name="Start">Seconds from the start of the video.</param>
/// <param name="End">Seconds from the start of the video; greater than <paramref name="Start"/>.</param>
/// <param name="Scope"><see cref="EmbeddingScope"/>.</param>
/// <param name="Option"><see cref="EmbeddingOption"/>.</param>
/// <param name="Vector">The embedding; its length is the set's dimension.</param>
public sealed record EmbeddingSegment(double Start, double End, string Scope, string Option, float[] Vector);

/// <summary>Every segment one engine produced for one video.</summary>
/// <param name="Engine">"local" or "twelvelabs".</param>
/// <param name="Model">e.g. "resnet18-logmel" or "marengo3.0".</param>
/// <param name="Dimension">Length of every vector.</param>
/// <param name="ClipLength">Seconds per clip.</param>
public sealed record EmbeddingSet(string Engine, string Model, int Dimension, double ClipLength, IReadOnlyList<EmbeddingSegment> Segments)
{
    /// <summary>The clip-scope segments of one option, in time order.</summary>
    public IReadOnlyList<EmbeddingSegment> Clips(string option) =>
        Segments.Where(s => s.Scope == EmbeddingScope.Clip && s.Option == option).OrderBy(s => s.Start).ToList();

    /// <summary>The options that have clip-scope segments.</summary>
    public IReadOnlyList<string> ClipOptions =>
        Segments.Where(s => s.Scope == EmbeddingScope.Clip).Select(s => s.Option).Distinct().Order(StringComparer.Ordinal).ToList();
}
