using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Sage.Core.Embeddings;
using Sage.Core.Fingerprints;
using Sage.Embeddings.Fingerprints;
using Sage.Media;

namespace Sage.Embeddings.Local;

/// <summary>
/// The offline engine: ResNet18 frame features averaged per clip ("visual") and log-mel band
/// statistics per clip ("audio"), and in the same decodes the video's <see cref="VideoFingerprint"/>. Frames and
/// audio are decoded by two ffmpeg processes at the same time and stream through; memory holds a few frames, one
/// accumulator per clip and the fingerprint.
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

        // The fingerprint's sound is defined on 16 kHz samples; the one audio decode serves it only at that rate.
        var fingerprints = !request.HasAudio || _options.AudioSampleRate == SoundFeatures.SampleRate;
        if (!fingerprints)
        {
            EmbeddingsLog.NoFingerprintAtSampleRate(_logger, _options.AudioSampleRate, SoundFeatures.SampleRate, input);
        }

        var decodesAudio = wantsAudio || (fingerprints && request.HasAudio);
        var pictureRate = VideoFingerprint.PictureRateFor(request.Probe.FramesPerSecond);
        EmbeddingsLog.EmbeddingStarted(_logger, input, plan.DurationSeconds, plan.Count, plan.ClipLengthSeconds, EngineName);
        if (wantsVisual)
        {
            // Loading takes about a second; do it before ffmpeg starts filling the frame queue.
            await Task.Run(_model.EnsureLoaded, cancellationToken).ConfigureAwait(false);
        }

        var tracker = new DecodeProgress(progress, plan.DurationSeconds, tracksVideo: true, tracksAudio: decodesAudio);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var framesTask = DecodeFramesAsync(input, plan, pictureRate, wantsVisual, tracker, failed.Token);
        var audioTask = decodesAudio
            ? DecodeAudioAsync(input, plan, wantsAudio, fingerprints, tracker, failed.Token)
            : Task.FromResult<(LogMelClipFeatures?, SoundFeatures?)>((null, null));
        await ConcurrentDecodes.WhenAllAsync(failed, cancellationToken, framesTask, audioTask).ConfigureAwait(false);

        var (picture, visual) = await framesTask.ConfigureAwait(false);
        var (audio, sound) = await audioTask.ConfigureAwait(false);
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
        var audioSeconds = (audio?.SamplesSeen ?? sound?.SamplesSeen ?? 0) / (double)_options.AudioSampleRate;
        var speed = plan.DurationSeconds / Math.Max(elapsed, 1e-9);
        EmbeddingsLog.EmbeddingFinished(_logger, input, visual?.FrameCount ?? 0, visual?.ModelRuns ?? 0, audioSeconds, elapsed, speed);
        return new EmbeddingResult
        {
            Set = new EmbeddingSet(EngineName, ModelName, Dimension, plan.ClipLengthSeconds, segments),
            Skipped = skipped,
            FeatureLengths = featureLengths,
            Fingerprint = fingerprints ? new VideoFingerprint(request.Probe.FramesPerSecond, picture, VideoFingerprinter.SoundOrNull(sound)) : null,
            Elapsed = stopwatch.Elapsed,
        };
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

    /// <summary>One audio decode feeds the clip features and the fingerprint's sound, whichever are wanted.</summary>
    private async Task<(LogMelClipFeatures? Clips, SoundFeatures? Sound)> DecodeAudioAsync(
        string input, ClipPlan plan, bool wantsClips, bool wantsSound, DecodeProgress tracker, CancellationToken cancellationToken)
    {
        // Off the caller's thread: the feature maths is synchronous between pipe reads.
        await Task.Yield();
        var clips = wantsClips ? new LogMelClipFeatures(_options.AudioSampleRate, plan) : null;
        var sound = wantsSound ? new SoundFeatures() : null;
        await foreach (var block in _media.ReadAudioAsync(input, _options.AudioSampleRate, cancellationToken).ConfigureAwait(false))
        {
            var samples = block.Samples.Span;
            clips?.Add(samples);
            sound?.Add(samples);
            tracker.AudioAt(block.StartSeconds + (block.Samples.Length / (double)block.SampleRate));
        }

        return (clips, sound);
    }

    /// <summary>
    /// Decodes every frame at the fingerprint's picture rate (224×224, the model's size) and describes each; the model
    /// runs only on the frames its own sampling rate wants. Without the visual option only the descriptors are made.
    /// </summary>
    private async Task<(PictureTrack Picture, VisualClips? Clips)> DecodeFramesAsync(
        string input, ClipPlan plan, double pictureRate, bool wantsVisual, DecodeProgress tracker, CancellationToken cancellationToken)
    {
        var picture = new PictureTrackBuilder(pictureRate);
        if (!wantsVisual)
        {
            await Task.Yield();
            var size = ResNetPreprocessor.ImageSize;
            await foreach (var frame in _media.ReadFramesAsync(input, pictureRate, size, size, FrameFit.Stretch, cancellationToken).ConfigureAwait(false))
            {
                picture.Add(frame.Rgb24.Span, frame.Width, frame.Height);
                tracker.VideoAt(frame.TimestampSeconds + (1 / pictureRate));
            }

            return picture.Count == 0 ? throw new EmbeddingException("ffmpeg decoded no video frames from the input.") : (picture.ToTrack(), null);
        }

        var clips = await EmbedFramesAsync(input, plan, picture, tracker, cancellationToken).ConfigureAwait(false);
        return (picture.ToTrack(), clips);
    }

    /// <summary>
    /// ffmpeg writes frames into a bounded queue of pre-allocated tensors while the model runs on
    /// the previous ones: ffmpeg only decodes while its pipe is being read, so reading and
    /// inferring in one loop would leave the decoder idle during every inference.
    /// </summary>
    private async Task<VisualClips> EmbedFramesAsync(string input, ClipPlan plan, PictureTrackBuilder picture, DecodeProgress tracker, CancellationToken cancellationToken)
    {
        var queueLength = _options.FrameQueueLength;
        var tensors = new List<ModelTensor>(queueLength + 1);
        var free = Channel.CreateUnbounded<ModelTensor>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var filled = Channel.CreateBounded<ModelTensor>(new BoundedChannelOptions(queueLength) { SingleReader = true, SingleWriter = true });
        var schedule = new ModelFrameSchedule(picture.FrameRate, _options.FramesPerSecond);
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
            var reader = ReadFramesAsync(input, picture, schedule, free.Reader, filled.Writer, stopReading.Token);
            VisualClips clips;
            try
            {
                clips = await Task.Run(() => InferFramesAsync(plan, schedule, filled.Reader, free.Writer, output, tracker, cancellationToken), cancellationToken)
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

    private async Task ReadFramesAsync(
        string input,
        PictureTrackBuilder picture,
        ModelFrameSchedule schedule,
        ChannelReader<ModelTensor> free,
        ChannelWriter<ModelTensor> filled,
        CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var preprocessor = _model.Preprocessor;
            var size = ResNetPreprocessor.ImageSize;
            var previous = new byte[ResNetPreprocessor.Rgb24Length];
            var hasPrevious = false;
            await foreach (var frame in _media.ReadFramesAsync(input, picture.FrameRate, size, size, FrameFit.Stretch, cancellationToken).ConfigureAwait(false))
            {
                var rgb = frame.Rgb24.Span;
                picture.Add(rgb, size, size);
                var samples = schedule.SamplesOn(frame.Index, out var firstSample);
                if (samples == 0)
                {
                    continue;
                }

                var tensor = await free.ReadAsync(cancellationToken).ConfigureAwait(false);
                rgb = frame.Rgb24.Span;
                // A frame identical to the previous one (a still, a slide, black) has the same features:
                // skip the model for it. Exact comparison, so the result is unchanged.
                tensor.RepeatsPrevious = hasPrevious && rgb.SequenceEqual(previous);
                if (!tensor.RepeatsPrevious)
                {
                    preprocessor.Apply(rgb, tensor.Data);
                    rgb.CopyTo(previous);
                    hasPrevious = true;
                }

                tensor.FirstSample = firstSample;
                tensor.Samples = samples;
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
        ModelFrameSchedule schedule,
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

            var (first, count) = (tensor.FirstSample, tensor.Samples);
            free.TryWrite(tensor);
            for (var sample = first; sample < first + count; sample++)
            {
                clips.Add(plan.ClipAt(schedule.TimeOf(sample)), output.Data);
            }

            tracker.VideoAt(schedule.TimeOf(first + count));
        }

        clips.Finish();
        return clips;
    }
}
