namespace Sage.Server.Videos;

/// <summary>The embedding row of one video, without its segments.</summary>
/// <param name="WaitingUntil">Set while the job is deferred for an engine's quota: when it runs again (<see cref="EmbeddingState.Notes"/> says what it waits for).</param>
public sealed record EmbeddingState(
    Guid VideoId,
    Guid? JobId,
    string Status,
    string? Engine,
    string? Model,
    long? Dimension,
    double? ClipLength,
    double Progress,
    string? Error,
    string? Notes,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? WaitingUntil = null);
