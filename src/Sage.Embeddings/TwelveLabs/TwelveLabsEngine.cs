using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sage.Core.Embeddings;

namespace Sage.Embeddings.TwelveLabs;

/// <summary>
/// The "twelvelabs" engine: checks the video against TwelveLabs' requirements, creates an embed
/// task (or resumes one), reports its id, polls until it is ready, and maps the answer onto
/// <see cref="EmbeddingSet"/> grouped by scope and option, checking coverage against ffprobe's duration.
/// Cancelling stops the polling and discards the result: TwelveLabs has no cancel endpoint.
/// </summary>
public sealed class TwelveLabsEngine(
    TwelveLabsClient client,
    ITwelveLabsKeySource keySource,
    IOptionsMonitor<TwelveLabsOptions> options,
    TimeProvider timeProvider,
    ILogger<TwelveLabsEngine> logger) : IEmbeddingEngine
{
    public const string EngineName = "twelvelabs";

    /// <summary>Progress reported once the task exists; TwelveLabs tells nothing in between.</summary>
    private const double CreatedProgress = 0.05;

    public string Name => EngineName;

    public async Task<EmbeddingResult> EmbedAsync(EmbeddingRequest request, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var settings = options.CurrentValue;
        var model = MarengoModel.For(settings.Model);
        var started = Stopwatch.GetTimestamp();
        var input = request.Source.FileName ?? request.Source.LocalPath ?? request.Source.Url?.GetLeftPart(UriPartial.Path) ?? "video";

        var api = settings.ApiFor(SourceUrl(request) is not null);
        var taskRequest = BuildTaskRequest(request, settings, model, api);
        var apiKey = await keySource.GetApiKeyAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw TwelveLabsException.KeyMissing();
        }

        using var timeout = new CancellationTokenSource(settings.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var token = linked.Token;
        string? taskId = request.ResumeRemoteTaskId;
        try
        {
            TwelveLabsTask task;
            if (taskId is not null)
            {
                TwelveLabsLog.TaskResumed(logger, taskId, input);
                try
                {
                    task = await PollUntilDoneAsync(apiKey, settings, api, taskId, token).ConfigureAwait(false);
                }
                catch (TwelveLabsException e) when (e.Kind == TwelveLabsFailure.Refused && (e.StatusCode == HttpStatusCode.NotFound || e.Code == "resource_not_exist"))
                {
                    // Embeddings live 7 days; past that (or for an id from another account) start over.
                    // v1 documents an unknown task as 400 resource_not_exist, v2 as 404: both count.
                    TwelveLabsLog.ResumedTaskMissing(logger, taskId);
                    taskId = await CreateAsync(apiKey, api, taskRequest, request, input, token).ConfigureAwait(false);
                    progress?.Report(CreatedProgress);
                    task = await PollUntilDoneAsync(apiKey, settings, api, taskId, token).ConfigureAwait(false);
                }
            }
            else
            {
                taskId = await CreateAsync(apiKey, api, taskRequest, request, input, token).ConfigureAwait(false);
                progress?.Report(CreatedProgress);
                task = await PollUntilDoneAsync(apiKey, settings, api, taskId, token).ConfigureAwait(false);
            }

            if (api == TwelveLabsApi.V1)
            {
                task = await client.GetEmbedTaskAsync(apiKey, taskId, null, token).ConfigureAwait(false);
            }

            var result = BuildResult(request, model, taskRequest.ClipLengthSeconds, task, Stopwatch.GetElapsedTime(started));
            TwelveLabsLog.TaskReady(logger, taskId, result.Set.Segments.Count, result.Set.Dimension, result.Elapsed.TotalSeconds);
            progress?.Report(1);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (taskId is not null)
            {
                TwelveLabsLog.PollingCancelled(logger, taskId);
            }

            throw;
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            throw new TwelveLabsException(
                TwelveLabsFailure.TimedOut,
                $"TwelveLabs did not finish embedding the video within {settings.Timeout} (task {taskId ?? "not created"}).", e)
            { TaskId = taskId };
        }
    }

    private async Task<string> CreateAsync(string apiKey, TwelveLabsApi api, TwelveLabsEmbedTaskRequest taskRequest, EmbeddingRequest request, string input, CancellationToken cancellationToken)
    {
        var taskId = api == TwelveLabsApi.V2
            ? await client.CreateEmbedV2TaskAsync(apiKey, taskRequest, cancellationToken).ConfigureAwait(false)
            : await client.CreateEmbedTaskAsync(apiKey, taskRequest, cancellationToken).ConfigureAwait(false);
        TwelveLabsLog.TaskCreated(logger, taskId, api, taskRequest.Model, taskRequest.ClipLengthSeconds, input);
        if (request.RemoteTaskCreated is { } created)
        {
            // Before the first poll, so a restart resumes this task instead of paying for another.
            await created(taskId, cancellationToken).ConfigureAwait(false);
        }

        return taskId;
    }

    /// <summary>Polls until "ready" (returns the last answer; for v2 it holds the vectors) or "failed" (throws).</summary>
    private async Task<TwelveLabsTask> PollUntilDoneAsync(string apiKey, TwelveLabsOptions settings, TwelveLabsApi api, string taskId, CancellationToken cancellationToken)
    {
        for (var poll = 1; ; poll++)
        {
            var task = api == TwelveLabsApi.V2
                ? await client.GetEmbedV2TaskAsync(apiKey, taskId, cancellationToken).ConfigureAwait(false)
                : await client.GetEmbedTaskStatusAsync(apiKey, taskId, cancellationToken).ConfigureAwait(false);
            TwelveLabsLog.TaskPolled(logger, taskId, task.Status, poll);
            if (task.IsReady)
            {
                return task;
            }

            if (task.IsFailed)
            {
                var message = string.IsNullOrWhiteSpace(task.ErrorMessage)
                    ? $"TwelveLabs could not embed the video (task {taskId} failed without a reason)."
                    : $"TwelveLabs could not embed the video: {task.ErrorMessage}";
                TwelveLabsLog.TaskFailed(logger, taskId, task.ErrorMessage ?? "no reason given");
                throw new TwelveLabsException(TwelveLabsFailure.TaskFailed, message) { TaskId = taskId };
            }

            await Task.Delay(settings.PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Uri? SourceUrl(EmbeddingRequest request) =>
        request.Source.Url is { } u && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) ? u : null;

    private static TwelveLabsEmbedTaskRequest BuildTaskRequest(EmbeddingRequest request, TwelveLabsOptions settings, MarengoModel model, TwelveLabsApi api)
    {
        var url = SourceUrl(request);
        long? uploadBytes = null;
        if (url is null)
        {
            if (request.Source.LocalPath is null)
            {
                throw TwelveLabsException.NotAccepted(
                    "TwelveLabs needs the video as an http(s) URL or a local file; this one has neither.", TwelveLabsVideoRule.SourceNotSupported);
            }

            if (api == TwelveLabsApi.V2)
            {
                throw TwelveLabsException.NotAccepted(
                    "The TwelveLabs Embed API v2 is given videos by URL only; use S3 storage (presigned URLs), or Sage:TwelveLabs:Api=Auto or V1 to upload files.",
                    TwelveLabsVideoRule.SourceNotSupported);
            }

            uploadBytes = new FileInfo(request.Source.LocalPath).Length;
        }

        TwelveLabsVideoRequirements.Check(model, request.Probe, uploadBytes);
        return new TwelveLabsEmbedTaskRequest
        {
            Model = model.Name,
            ClipLengthSeconds = api == TwelveLabsApi.V2 ? Math.Round(request.ClipLengthSeconds) : request.ClipLengthSeconds,
            Scopes = settings.EffectiveScopes,
            VideoUrl = url,
            VideoFilePath = url is null ? request.Source.LocalPath : null,
            FileName = request.Source.FileName,
            // v2 makes only what it is asked for; asking for every option of the model by name keeps
            // transcription even if the documented default (all three) ever changes. v1 makes them all.
            EmbeddingOptions = api != TwelveLabsApi.V2
                ? null
                : request.Options is { Count: > 0 } wanted
                    ? wanted.Where(o => model.Options.Contains(o)).ToArray()
                    : model.Options.Where(o => request.HasAudio || o is not (EmbeddingOption.Audio or EmbeddingOption.Transcription)).ToArray(),
        };
    }

    private EmbeddingResult BuildResult(EmbeddingRequest request, MarengoModel model, double clipLength, TwelveLabsTask task, TimeSpan elapsed)
    {
        var wanted = request.Options;
        var segments = new List<EmbeddingSegment>();
        foreach (var group in (task.Segments ?? []).GroupBy(s => s.Scope, StringComparer.OrdinalIgnoreCase))
        {
            var scope = group.Key.ToLowerInvariant();
            if (scope is not (EmbeddingScope.Clip or EmbeddingScope.Video))
            {
                TwelveLabsLog.UnknownScope(logger, group.Count(), group.Key);
                continue;
            }

            foreach (var s in group)
            {
                // A segment without embedding_option is the model's visual one (see MarengoModel.DefaultOption).
                var option = string.IsNullOrWhiteSpace(s.Option) ? model.DefaultOption : s.Option.ToLowerInvariant();
                if (wanted is null || wanted.Contains(option, StringComparer.Ordinal))
                {
                    segments.Add(new EmbeddingSegment(s.Start, s.End, scope, option, s.Vector));
                }
            }
        }

        var lengths = segments.Select(s => s.Vector.Length).Distinct().ToList();
        if (lengths.Count > 1 || lengths is [0])
        {
            throw TwelveLabsException.Unusable($"TwelveLabs returned vectors of different or empty lengths ({string.Join(", ", lengths.Order())}).");
        }

        var clipOptions = segments.Where(s => s.Scope == EmbeddingScope.Clip).Select(s => s.Option).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        // Speech alone says nothing about the picture: a set without any timeline option fails like an empty one.
        if (!clipOptions.Any(TwelveLabsCoverage.CoversTimeline) && (wanted is null || wanted.Any(TwelveLabsCoverage.CoversTimeline)))
        {
            TwelveLabsCoverage.Check([], request.DurationSeconds);
        }

        foreach (var option in clipOptions.Where(TwelveLabsCoverage.CoversTimeline))
        {
            TwelveLabsCoverage.Check(segments.Where(s => s.Scope == EmbeddingScope.Clip && s.Option == option).ToList(), request.DurationSeconds);
        }

        var ordered = segments
            .OrderBy(s => s.Scope == EmbeddingScope.Clip ? 0 : 1)
            .ThenBy(s => s.Option, StringComparer.Ordinal)
            .ThenBy(s => s.Start)
            .ToList();
        var dimension = lengths.Count == 1 ? lengths[0] : model.Dimension;

        var skipped = new List<SkippedOption>();
        foreach (var option in wanted ?? model.Options)
        {
            if (clipOptions.Contains(option))
            {
                continue;
            }

            var reason = !model.Options.Contains(option)
                ? $"TwelveLabs {model.Name} does not produce '{option}' embeddings."
                : option is EmbeddingOption.Audio or EmbeddingOption.Transcription && !request.HasAudio
                    ? "The video has no audio stream."
                    : option == EmbeddingOption.Transcription
                        ? "TwelveLabs found no speech to transcribe."
                        : $"TwelveLabs returned no '{option}' clips.";
            skipped.Add(new SkippedOption(option, reason));
        }

        return new EmbeddingResult
        {
            Set = new EmbeddingSet(EngineName, model.Name, dimension, clipLength, ordered),
            Skipped = skipped,
            FeatureLengths = clipOptions.ToDictionary(o => o, _ => dimension, StringComparer.Ordinal),
            Elapsed = elapsed,
        };
    }
}
