namespace Sage.Embeddings.TwelveLabs;

/// <summary>What to ask TwelveLabs for: one video, given as a URL it fetches or a file SAGE uploads (v1 only).</summary>
public sealed record TwelveLabsEmbedTaskRequest
{
    public required string Model { get; init; }

    public required double ClipLengthSeconds { get; init; }

    /// <summary>"clip" and/or "video" (sent to v2 as "clip"/"asset").</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>A URL TwelveLabs can GET (e.g. a presigned S3 URL). Wins over <see cref="VideoFilePath"/>.</summary>
    public Uri? VideoUrl { get; init; }

    /// <summary>A local file streamed as the <c>video_file</c> part (v1).</summary>
    public string? VideoFilePath { get; init; }

    /// <summary>The name sent with the file part.</summary>
    public string? FileName { get; init; }

    /// <summary>v2 only: the options to generate (null: TwelveLabs' default, all of them; the engine always names them). v1 makes every option anyway.</summary>
    public IReadOnlyList<string>? EmbeddingOptions { get; init; }
}
