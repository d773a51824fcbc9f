namespace Sage.Tests.TwelveLabs;

/// <summary>One task the fake accepted, with what it received and how it will answer.</summary>
public sealed class FakeEmbedTask
{
    public required string Id { get; init; }

    /// <summary>1 for /embed/tasks, 2 for /embed-v2/tasks.</summary>
    public required int ApiVersion { get; init; }

    public required string Model { get; init; }
    public required double ClipLength { get; init; }

    /// <summary>Scopes as asked, in v1 words ("clip", "video").</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>The options this task produces.</summary>
    public required IReadOnlyList<string> Options { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required double DurationSeconds { get; init; }

    /// <summary>Status polls answered "processing" before "ready" (or "failed").</summary>
    public int ProcessingPolls { get; init; }

    /// <summary>Also not ready before this much time after creation.</summary>
    public TimeSpan? ReadyAfter { get; init; }

    /// <summary>Clips starting at or after this second are left out (a coverage gap).</summary>
    public double? TruncateClipsAt { get; init; }

    /// <summary>
    /// Where someone speaks: transcription clips are made only for clips that overlap one of these
    /// (null: speech throughout). The other options cover the whole timeline regardless.
    /// </summary>
    public IReadOnlyList<(double Start, double End)>? SpeechStretches { get; init; }

    /// <summary>When set, the task ends "failed" with this message instead of "ready".</summary>
    public string? FailureMessage { get; init; }

    public Uri? VideoUrl { get; init; }
    public string? VideoFileName { get; init; }

    /// <summary>SHA-256 (lower-case hex) of the bytes downloaded from the URL or received as video_file.</summary>
    public string? VideoSha256 { get; init; }

    public long VideoBytes { get; init; }

    /// <summary>The create request's Content-Length header (null: it was chunked).</summary>
    public long? RequestContentLength { get; init; }

    /// <summary>Held tasks stay "processing" until <see cref="FakeTwelveLabsServer.Release(string)"/>.</summary>
    public bool Held { get; internal set; }

    /// <summary>Status polls this task has had.</summary>
    public int Polls => _polls;

    private int _polls;

    internal int CountPoll() => Interlocked.Increment(ref _polls);

    /// <summary>Whether the clip from <paramref name="start"/> to <paramref name="end"/> has a vector of <paramref name="option"/>.</summary>
    public bool HasClip(string option, double start, double end) =>
        option != "transcription" || SpeechStretches is null || SpeechStretches.Any(s => s.Start < end && s.End > start);

    /// <summary>What the task answers now (without counting a poll).</summary>
    public string Status(DateTimeOffset now)
    {
        if (Held || _polls <= ProcessingPolls || (ReadyAfter is { } after && now - CreatedAt < after))
        {
            return "processing";
        }

        return FailureMessage is null ? "ready" : "failed";
    }
}
