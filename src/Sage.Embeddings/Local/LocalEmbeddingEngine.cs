using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Sage.Core.Embeddings;
using Sage.Media;

namespace Sage.Embeddings.Local;

/// <summary>
/// The offline engine: ResNet18 frame features averaged per clip ("visual") and log-mel band
/// statistics per clip ("audio"). Frames and audio are decoded by two ffmpeg processes at the
/// same time and stream through; memory holds a few frames and one accumulator per clip.
/// </summary>
public sealed class LocalEmbeddingEngine : IEmbeddingEngine, IDisposable
{
    public const string EngineName = "local";
    public const string ModelName = "resnet18-imagenet+logmel-v1";

    /// <summary>Every vector's length: the visual features'; audio features are zero-padded to it.</summary>
    public const int Dimension = ResNet18Model.FeatureLength;

    private readonly IMediaTools _media;
    private readonly ResNet18Model _model;
    private readonly LocalEngineOptions _options;
    private readonly ILogger<LocalEmbeddingEngine> _logger;
    private readonly SemaphoreSlim _jobSlots;

    public LocalEmbeddingEngine(IMediaTools media, ResNet18Model model, IOptions<LocalEngineOptions> options, ILogger<LocalEmbeddingEngine> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _media = media;
        _model = model;
        _options = options.Value;
        _logger = logger;
        _jobSlots = new SemaphoreSlim(_options.MaxConcurrentJobs, _options.MaxConcurrentJobs);
    }

    public string Name => EngineName;

    /// <summary>The options this engine produces.</summary>
    public static IReadOnlyList<string> SupportedOptions { get; } = [EmbeddingOption.Visual, EmbeddingOption.Audio];

    public async Task<EmbeddingResult> EmbedAsync(EmbeddingRequest request, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        if (request.Source.LocalPath is null && request.Source.Url is null)
        {
            throw new ArgumentException("The local engine decodes a local path or a URL; the source has neither.", nameof(request));
        }

        var input = request.Source.DecoderInput;
        if (_jobSlots.CurrentCount == 0)
        {
            EmbeddingsLog.WaitingForSlot(_logger, input);
        }

        await _jobSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await EmbedCoreAsync(request, input, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _jobSlots.Release();
        }
    }

    public void Dispose() => _jobSlots.Dispose();

    private async Task<EmbeddingResult> EmbedCoreAsync(EmbeddingRequest request, string input, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var plan = ClipPlan.For(request.DurationSeconds, request.ClipLengthSeconds);
        var wanted = request.Options ?? SupportedOptions;
        var skipped = new List<SkippedOption>();
        foreach (var option in wanted.Where(o => !SupportedOptions.Contains(o)).Distinct())
        {
            skipped.Add(new SkippedOption(option, "The local engine does not produce this option."));
        }

        var wantsVisual = wanted.Contains(EmbeddingOption.Visual);
        var wantsAudio = wanted.Contains(EmbeddingOption.Audio);
        if (wantsAudio && !request.HasAudio)
        {
            wantsAudio = false;
            skipped.Add(new SkippedOption(EmbeddingOption.Audio, "The video has no audio stream."));
            EmbeddingsLog.NoAudio(_logger, input);
        }

        EmbeddingsLog.EmbeddingStarted(_logger, input, plan.DurationSeconds, plan.Count, plan.ClipLengthSeconds, EngineName);
        if (wantsVisual)
        {
            // Loading takes about a second; do it before ffmpeg starts filling the frame queue.
            await Task.Run(_model.EnsureLoaded, cancellationToken).ConfigureAwait(false);
        }

        var tracker = new DecodeProgress(progress, plan.DurationSeconds, wantsVisual, wantsAudio);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var visualTask = wantsVisual ? EmbedFramesAsync(input, plan, tracker, failed.Token) : Task.FromResult<VisualClips?>(null);
        var audioTask = wantsAudio ? EmbedAudioAsync(input, plan, tracker, failed.Token) : Task.FromResult<LogMelClipFeatures?>(null);
        try
        {
            // Whichever fails first stops the other (and its ffmpeg) instead of letting it run on.
            await Task.WhenAll(
                CancelOnFailure(visualTask, failed),
                CancelOnFailure(audioTask, failed)).ConfigureAwait(false);
        }
        catch when (!cancellationToken.IsCancellationRequested)
        {
            // Rethrow the root cause, not the OperationCanceledException of the sibling we stopped.
            var root = new[] { visualTask, (Task)audioTask }
                .Where(t => t.IsFaulted)
                .Select(t => t.Exception!.InnerException!)
                .FirstOrDefault(e => e is not OperationCanceledException);
            if (root is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(root);
            }

            throw;
        }

        var visual = await visualTask.ConfigureAwait(false);
        var audio = await audioTask.ConfigureAwait(false);
        if (audio is not null && audio.SamplesSeen == 0)
        {
            // The probe saw an audio stream but nothing decodable came out of it.
            audio = null;
            skipped.Add(new SkippedOption(EmbeddingOption.Audio, "The audio stream decoded to no samples."));
            EmbeddingsLog.NoAudio(_logger, input);
        }

        var segments = new List<EmbeddingSegment>((plan.Count + 1) * 2);
        var featureLengths = new Dictionary<string, int>();
        if (visual is not null)
        {
            AddOption(segments, plan, EmbeddingOption.Visual, visual.Vectors);
            featureLengths[EmbeddingOption.Visual] = ResNet18Model.FeatureLength;
        }

        if (audio is not null)
        {
            var vectors = new float[plan.Count][];
            for (var clip = 0; clip < plan.Count; clip++)
            {
                vectors[clip] = audio.ClipVector(clip, Dimension);
            }

            AddOption(segments, plan, EmbeddingOption.Audio, vectors);
            featureLengths[EmbeddingOption.Audio] = LogMelClipFeatures.FeatureLength;
        }

        tracker.Done();
        stopwatch.Stop();
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var audioSeconds = (audio?.SamplesSeen ?? 0) / (double)_options.AudioSampleRate;
        var speed = plan.DurationSeconds / Math.Max(elapsed, 1e-9);
        EmbeddingsLog.EmbeddingFinished(_logger, input, visual?.FrameCount ?? 0, visual?.ModelRuns ?? 0, audioSeconds, elapsed, speed);
        return new EmbeddingResult
        {
            Set = new EmbeddingSet(EngineName, ModelName, Dimension, plan.ClipLengthSeconds, segments),
            Skipped = skipped,
            FeatureLengths = featureLengths,
            Elapsed = stopwatch.Elapsed,
        };
    }

    private static async Task CancelOnFailure(Task task, CancellationTokenSource failed)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Clip segments in time order, then the video segment: the normalised mean of the clip vectors.</summary>
    private static void AddOption(List<EmbeddingSegment> segments, ClipPlan plan, string option, float[][] clipVectors)
    {
        var sum = new float[Dimension];
        for (var clip = 0; clip < plan.Count; clip++)
        {
            var vector = clipVectors[clip];
            System.Numerics.Tensors.TensorPrimitives.Add(sum, vector, sum);
            segments.Add(new EmbeddingSegment(plan.StartOf(clip), plan.EndOf(clip), EmbeddingScope.Clip, option, vector));
        }

        VectorMath.Normalize(sum);
        segments.Add(new EmbeddingSegment(0, plan.DurationSeconds, EmbeddingScope.Video, option, sum));
    }

    private async Task<LogMelClipFeatures?> EmbedAudioAsync(string input, ClipPlan plan, DecodeProgress tracker, CancellationToken cancellationToken)
    {
        // Off the caller's thread: the feature maths is synchronous between pipe reads.
        await Task.Yield();
        var features = new LogMelClipFeatures(_options.AudioSampleRate, plan);
        await foreach (var block in _media.ReadAudioAsync(input, _options.AudioSampleRate, cancellationToken).ConfigureAwait(false))
        {
            features.Add(block.Samples.Span);
            tracker.AudioAt(block.StartSeconds + (block.Samples.Length / (double)block.SampleRate));
        }

        return features;
    }

    /// <summary>
    /// ffmpeg writes frames into a bounded queue of pre-allocated tensors while the model runs on
    /// the previous ones: ffmpeg only decodes while its pipe is being read, so reading and
    /// inferring in one loop would leave the decoder idle during every inference.
    /// </summary>
    private async Task<VisualClips?> EmbedFramesAsync(string input, ClipPlan plan, DecodeProgress tracker, CancellationToken cancellationToken)
    {
        var queueLength = _options.FrameQueueLength;
        var tensors = new List<ModelTensor>(queueLength + 1);
        var free = Channel.CreateUnbounded<ModelTensor>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var filled = Channel.CreateBounded<ModelTensor>(new BoundedChannelOptions(queueLength) { SingleReader = true, SingleWriter = true });
        using var output = ResNet18Model.CreateOutput();
        try
        {
            // One more tensor than the queue holds: the one being filled while the queue is full.
            for (var i = 0; i < queueLength + 1; i++)
            {
                var tensor = ResNet18Model.CreateInput();
                tensors.Add(tensor);
                free.Writer.TryWrite(tensor);
            }

            using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var reader = ReadFramesAsync(input, free.Reader, filled.Writer, stopReading.Token);
            VisualClips clips;
            try
            {
                clips = await Task.Run(() => InferFramesAsync(plan, filled.Reader, free.Writer, output, tracker, cancellationToken), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch
            {
                await stopReading.CancelAsync().ConfigureAwait(false);
                await reader.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
                throw;
            }

            await reader.ConfigureAwait(false);
            if (clips.FrameCount == 0)
            {
                throw new EmbeddingException("ffmpeg decoded no video frames from the input.");
            }

            var empty = clips.FillEmptyClips();
            if (empty > 0)
            {
                EmbeddingsLog.ClipsWithoutFrames(_logger, input, empty);
            }

            return clips;
        }
        finally
        {
            foreach (var tensor in tensors)
            {
                tensor.Dispose();
            }
        }
    }

    private async Task ReadFramesAsync(string input, ChannelReader<ModelTensor> free, ChannelWriter<ModelTensor> filled, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var preprocessor = _model.Preprocessor;
            var size = ResNetPreprocessor.ImageSize;
            var previous = new byte[ResNetPreprocessor.Rgb24Length];
            var hasPrevious = false;
            await foreach (var frame in _media.ReadFramesAsync(input, _options.FramesPerSecond, size, size, FrameFit.Stretch, cancellationToken).ConfigureAwait(false))
            {
                var tensor = await free.ReadAsync(cancellationToken).ConfigureAwait(false);
                var rgb = frame.Rgb24.Span;
                // A frame identical to the previous one (a still, a slide, black) has the same features:
                // skip the model for it. Exact comparison, so the result is unchanged.
                tensor.RepeatsPrevious = hasPrevious && rgb.SequenceEqual(previous);
                if (!tensor.RepeatsPrevious)
                {
                    preprocessor.Apply(rgb, tensor.Data);
                    rgb.CopyTo(previous);
                    hasPrevious = true;
                }

                tensor.TimestampSeconds = frame.TimestampSeconds;
                await filled.WriteAsync(tensor, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            filled.TryComplete(failure);
        }
    }

    private async Task<VisualClips> InferFramesAsync(
        ClipPlan plan,
        ChannelReader<ModelTensor> filled,
        ChannelWriter<ModelTensor> free,
        ModelTensor output,
        DecodeProgress tracker,
        CancellationToken cancellationToken)
    {
        var clips = new VisualClips(plan.Count);
        using var runOptions = new RunOptions();
        await foreach (var tensor in filled.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            // Frames arrive in order, so output still holds the previous frame's features.
            if (!tensor.RepeatsPrevious)
            {
                _model.Run(tensor, output, runOptions);
                clips.ModelRuns++;
            }

            var timestamp = tensor.TimestampSeconds;
            free.TryWrite(tensor);
            clips.Add(plan.ClipAt(timestamp), output.Data);
            tracker.VideoAt(timestamp + (1 / _options.FramesPerSecond));
        }

        clips.Finish();
        return clips;
    }
}
