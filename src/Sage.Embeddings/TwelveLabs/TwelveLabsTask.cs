namespace Sage.Embeddings.TwelveLabs;

/// <summary>
/// An embedding task as TwelveLabs describes it, in one shape for both APIs (v2's "asset" scope is
/// already "video", its "embedding"/"start_sec" are already the vector/start).
/// </summary>
/// <param name="Id">The task id (<c>_id</c>, or <c>id</c>).</param>
/// <param name="Status">"processing", "ready", "failed", or anything else TwelveLabs invents (= still running).</param>
/// <param name="DurationSeconds">The duration TwelveLabs measured, when it said; informational only.</param>
/// <param name="Segments">The vectors, once ready (null before).</param>
/// <param name="ErrorMessage">Why a failed task failed, when TwelveLabs said.</param>
public sealed record TwelveLabsTask(string Id, string Status, double? DurationSeconds, IReadOnlyList<TwelveLabsSegment>? Segments, string? ErrorMessage)
{
    public const string Ready = "ready";
    public const string Failed = "failed";
    public const string Processing = "processing";

    public bool IsReady => string.Equals(Status, Ready, StringComparison.OrdinalIgnoreCase);

    public bool IsFailed => string.Equals(Status, Failed, StringComparison.OrdinalIgnoreCase);
}

/// <summary>One vector as TwelveLabs sent it; <paramref name="Option"/> is null when the answer had no <c>embedding_option</c>.</summary>
public sealed record TwelveLabsSegment(double Start, double End, string Scope, string? Option, float[] Vector);
