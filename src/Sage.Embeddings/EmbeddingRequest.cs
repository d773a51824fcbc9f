using Sage.Core.Embeddings;
using Sage.Media;

namespace Sage.Embeddings;

/// <summary>One video to embed, with what ffprobe said about it.</summary>
public sealed record EmbeddingRequest
{
    public const double MinClipLengthSeconds = 2;
    public const double MaxClipLengthSeconds = 10;
    public const double DefaultClipLengthSeconds = 2;

    public required VideoSource Source { get; init; }

    /// <summary>The probe of the video (duration, size, frame rate, whether it has audio).</summary>
    public required VideoProbe Probe { get; init; }

    /// <summary>Seconds per clip, 2 to 10 (TwelveLabs' limits).</summary>
    public double ClipLengthSeconds { get; init; } = DefaultClipLengthSeconds;

    /// <summary>
    /// The <see cref="EmbeddingOption"/>s wanted; null means the engine's defaults. An engine leaves
    /// out options it cannot produce and lists them in <see cref="EmbeddingResult.Skipped"/>.
    /// </summary>
    public IReadOnlyList<string>? Options { get; init; }

    /// <summary>
    /// For hosted engines: the remote task started for this video by an earlier, interrupted run.
    /// The engine resumes polling it instead of paying for a new one.
    /// </summary>
    public string? ResumeRemoteTaskId { get; init; }

    /// <summary>
    /// Called by a hosted engine the moment the remote task id is known, so the caller can store it
    /// before waiting on it (a restart then resumes the same task).
    /// </summary>
    public Func<string, CancellationToken, Task>? RemoteTaskCreated { get; init; }

    public double DurationSeconds => Probe.DurationSeconds;

    public bool HasAudio => Probe.HasAudio;

    /// <summary>Throws <see cref="ArgumentException"/> when the request cannot be embedded by any engine.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Source);
        ArgumentNullException.ThrowIfNull(Probe);
        if (Source.LocalPath is null && Source.Url is null && Source.StorageKey is null)
        {
            throw new ArgumentException("The video source needs a local path, a URL or a storage key.", nameof(Source));
        }

        if (!(Probe.DurationSeconds > 0) || !double.IsFinite(Probe.DurationSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(Probe), Probe.DurationSeconds, "The video's duration must be a positive number of seconds.");
        }

        if (!(ClipLengthSeconds >= MinClipLengthSeconds && ClipLengthSeconds <= MaxClipLengthSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(ClipLengthSeconds), ClipLengthSeconds, $"The clip length must be between {MinClipLengthSeconds} and {MaxClipLengthSeconds} seconds.");
        }
    }
}
