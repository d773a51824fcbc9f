using Sage.Server.Jobs;
using Microsoft.Extensions.Options;
using Sage.Core.Comparison;
using Sage.Core.Embeddings;
using Sage.Core.Fingerprints;
using Sage.Server.Fingerprints;
using Sage.Server.Videos;

namespace Sage.Server.Comparisons;

/// <summary>A video whose embedding is ready, with its set and, when it is ready, its fingerprint.</summary>
public sealed record ComparableVideo(Video Video, EmbeddingSet Set, VideoFingerprint? Fingerprint = null)
{
    /// <summary>The probed duration; the clips' span when the probe has none.</summary>
    public double Duration => Video.Probe?.DurationSeconds is { } probed && probed > 0
        ? probed
        : Set.Segments.Select(s => s.End).DefaultIfEmpty(0).Max();

    public ComparedVideo ToCompared() => new(Video.Id, Video.FileName, Math.Round(Duration, 3));
}

/// <summary>Two loaded videos and how they compare; or why they could not be compared.</summary>
public sealed record ComparisonAttempt(ComparableVideo? A, ComparableVideo? B, ComparisonResult? Result, ComparisonProblem? Problem);

/// <summary>
/// Compares two videos' stored embeddings and keeps the result. Runs in the request: aligning even 20-minute
/// videos takes tens of milliseconds (bench/README-alignment.md), so a job queue would only add latency.
/// </summary>
public sealed partial class VideoComparisons(
    VideoCatalog videos,
    EmbeddingCatalog embeddings,
    ReadyFingerprints fingerprints,
    ComparisonStore store,
    ComparisonMetrics metrics,
    IOptionsMonitor<ComparisonsOptions> options,
    TimeProvider time,
    ILogger<VideoComparisons> logger)
{
    /// <summary>Compares, stores and returns the comparison; <paramref name="threshold"/> and <paramref name="mode"/> default per <see cref="ComparisonsOptions"/>.</summary>
    public async Task<(ComparisonResponse? Comparison, ComparisonProblem? Problem)> CreateAsync(
        Guid videoA, Guid videoB, ComparisonMode? mode, double? threshold, IReadOnlyDictionary<string, double>? weights, CancellationToken cancellationToken)
    {
        var attempt = await CompareAsync(videoA, "videoA", videoB, "videoB", mode ?? options.CurrentValue.DefaultMode, threshold, weights, cancellationToken).ConfigureAwait(false);
        if (attempt.Problem is not null)
        {
            return (null, attempt.Problem);
        }

        var comparison = ComparisonResponse.From(
            Guid.NewGuid(), attempt.A!.ToCompared(), attempt.B!.ToCompared(), attempt.A.Set.Engine, attempt.A.Set.Model, attempt.Result!, time.GetUtcNow());
        await store.InsertAsync(comparison, cancellationToken).ConfigureAwait(false);
        LogCompared(comparison.Id, videoA, videoB, comparison.Mode, comparison.Threshold, comparison.Statistics.SimilarityPercent);
        return (comparison, null);
    }

    /// <summary>
    /// Loads both videos' embeddings and compares them, without storing. <paramref name="threshold"/> null means the
    /// engine's default from <see cref="ComparisonsOptions"/> (automatic when it has none). The names label the sides
    /// in problems (the legacy route calls them embedding_id1 and embedding_id2).
    /// </summary>
    public async Task<ComparisonAttempt> CompareAsync(
        Guid videoA,
        string nameA,
        Guid videoB,
        string nameB,
        ComparisonMode mode,
        double? threshold,
        IReadOnlyDictionary<string, double>? weights,
        CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var attempt = await AttemptAsync(videoA, nameA, videoB, nameB, mode, threshold, weights, cancellationToken).ConfigureAwait(false);
        metrics.Compared(mode.ToString().ToLowerInvariant(), attempt.Problem is null ? "compared" : "refused", time.GetElapsedTime(started));
        return attempt;
    }

    private async Task<ComparisonAttempt> AttemptAsync(
        Guid videoA,
        string nameA,
        Guid videoB,
        string nameB,
        ComparisonMode mode,
        double? threshold,
        IReadOnlyDictionary<string, double>? weights,
        CancellationToken cancellationToken)
    {
        // Only the aligned mode refines to the frame; the index mode (and the legacy route) need no fingerprint.
        var refine = mode == ComparisonMode.Aligned;
        var (a, problemA) = await LoadAsync(videoA, nameA, refine, cancellationToken).ConfigureAwait(false);
        if (problemA is not null)
        {
            return new ComparisonAttempt(null, null, null, problemA);
        }

        var (b, problemB) = await LoadAsync(videoB, nameB, refine, cancellationToken).ConfigureAwait(false);
        if (problemB is not null)
        {
            return new ComparisonAttempt(null, null, null, problemB);
        }

        try
        {
            var used = threshold ?? options.CurrentValue.DefaultThresholdFor(a!.Set.Engine);
            var result = VideoComparer.Compare(
                new ComparisonInput(a!.Set, a.Fingerprint), new ComparisonInput(b!.Set, b.Fingerprint), new ComparisonOptions(mode, used, weights), cancellationToken);
            return new ComparisonAttempt(a, b, result, null);
        }
        catch (InvalidComparisonOptionsException invalid)
        {
            return new ComparisonAttempt(null, null, null, ComparisonProblem.BadRequest("Invalid comparison options", invalid.Message));
        }
        catch (IncompatibleEmbeddingSetsException incompatible)
        {
            return new ComparisonAttempt(null, null, null, new ComparisonProblem(StatusCodes.Status409Conflict, "The videos cannot be compared", incompatible.Message));
        }
    }

    private async Task<(ComparableVideo? Video, ComparisonProblem? Problem)> LoadAsync(Guid id, string name, bool withFingerprint, CancellationToken cancellationToken)
    {
        var video = await videos.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (video is null)
        {
            return (null, new ComparisonProblem(StatusCodes.Status404NotFound, "Video not found", $"{name}: there is no video with id {id}.", name));
        }

        var state = await embeddings.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (state is not { Status: StepStatus.Ready })
        {
            var status = state?.Status ?? "absent";
            var reason = state?.Error is { } error ? $" ({error})" : "";
            return (null, new ComparisonProblem(
                StatusCodes.Status409Conflict,
                "Embedding not ready",
                $"{name} ({video.FileName}, {id}): its embedding is {status}{reason}; both videos need a ready embedding to be compared.",
                name,
                status));
        }

        // Ready when looked at, but a re-run may have reset it since; report what it is now.
        var set = await embeddings.LoadSetAsync(id, cancellationToken).ConfigureAwait(false);
        if (set is null)
        {
            return (null, new ComparisonProblem(
                StatusCodes.Status409Conflict, "Embedding not ready", $"{name} ({video.FileName}, {id}): its embedding was reset while loading it; try again when it is ready.", name, StepStatus.Pending));
        }

        var fingerprint = withFingerprint ? await fingerprints.FindAsync(id, cancellationToken).ConfigureAwait(false) : null;
        return (new ComparableVideo(video, set, fingerprint), null);
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "Comparison {ComparisonId}: {VideoA} vs {VideoB}, {Mode} at threshold {Threshold}, {SimilarityPercent:F1} % similar")]
    private partial void LogCompared(Guid comparisonId, Guid videoA, Guid videoB, string mode, double threshold, double similarityPercent);
}
