namespace Sage.Embeddings;

/// <summary>An embedding option the engine did not produce, and why ("the video has no audio stream").</summary>
public sealed record SkippedOption(string Option, string Reason);
