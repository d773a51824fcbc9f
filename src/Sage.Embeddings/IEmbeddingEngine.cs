namespace Sage.Embeddings;

/// <summary>
/// Turns one video into clip and video embeddings. Implemented by the local ONNX engine ("local")
/// and the TwelveLabs engine ("twelvelabs"); the pipeline only sees this interface.
/// </summary>
public interface IEmbeddingEngine
{
    /// <summary>The engine's name as stored with its results: "local", "twelvelabs".</summary>
    string Name { get; }

    /// <summary>
    /// Embeds the video. Reports progress in 0..1 (decoded or processed time over duration) and
    /// stops, killing any child process, when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    Task<EmbeddingResult> EmbedAsync(EmbeddingRequest request, IProgress<double>? progress, CancellationToken cancellationToken);
}
