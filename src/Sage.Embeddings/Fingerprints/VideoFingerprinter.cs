using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Sage.Core.Fingerprints;
using Sage.Media;

namespace Sage.Embeddings.Fingerprints;

/// <summary>
/// Fingerprints a video on a decode of its own: frames at the picture rate, small (cell means need few pixels), and
/// mono 16 kHz sound, read side by side by two ffmpeg processes.
/// </summary>
public sealed class VideoFingerprinter : IVideoFingerprinter
{
    /// <summary>
    /// Frames are decoded at this width and height (stretched): 4×4 pixels per luma cell. Area scaling to it gives the
    /// same cell means, within a step or two, as the local engine's 224×224 frames, at a fraction of the scaling and
    /// pipe cost.
    /// </summary>
    public const int FrameSize = 64;

    private readonly IMediaTools _media;
    private readonly ILogger<VideoFingerprinter> _logger;

    public VideoFingerprinter(IMediaTools media, ILogger<VideoFingerprinter> logger)
    {
        _media = media;
        _logger = logger;
    }

    public async Task<VideoFingerprint> FingerprintAsync(string input, VideoProbe probe, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        ArgumentNullException.ThrowIfNull(probe);
        var stopwatch = Stopwatch.StartNew();
        var pictureRate = VideoFingerprint.PictureRateFor(probe.FramesPerSecond);
        var duration = probe.DurationSeconds > 0 ? probe.DurationSeconds : double.PositiveInfinity;
        var tracker = new DecodeProgress(progress, duration, tracksVideo: true, tracksAudio: probe.HasAudio);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pictureTask = ReadPictureAsync(input, pictureRate, tracker, failed.Token);
        var soundTask = probe.HasAudio ? ReadSoundAsync(input, tracker, failed.Token) : Task.FromResult<SoundFeatures?>(null);
        await ConcurrentDecodes.WhenAllAsync(failed, cancellationToken, pictureTask, soundTask).ConfigureAwait(false);

        var picture = await pictureTask.ConfigureAwait(false);
        var sound = await soundTask.ConfigureAwait(false);
        if (picture.Count == 0)
        {
            throw new EmbeddingException("ffmpeg decoded no video frames from the input.");
        }

        tracker.Done();
        var fingerprint = new VideoFingerprint(probe.FramesPerSecond, picture, SoundOrNull(sound));
        EmbeddingsLog.Fingerprinted(_logger, input, picture.Count, fingerprint.Sound?.Count ?? 0, stopwatch.Elapsed.TotalSeconds);
        return fingerprint;
    }

    /// <summary>The sound track, or null when the stream the probe saw decoded to no samples.</summary>
    internal static SoundTrack? SoundOrNull(SoundFeatures? sound) => sound is null || sound.SamplesSeen == 0 ? null : sound.ToTrack();

    private async Task<SoundFeatures?> ReadSoundAsync(string input, DecodeProgress tracker, CancellationToken cancellationToken)
    {
        // Off the caller's thread: the feature maths is synchronous between pipe reads.
        await Task.Yield();
        var features = new SoundFeatures();
        await foreach (var block in _media.ReadAudioAsync(input, SoundFeatures.SampleRate, cancellationToken).ConfigureAwait(false))
        {
            features.Add(block.Samples.Span);
            tracker.AudioAt(block.StartSeconds + (block.Samples.Length / (double)block.SampleRate));
        }

        return features;
    }

    private async Task<PictureTrack> ReadPictureAsync(string input, double pictureRate, DecodeProgress tracker, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var builder = new PictureTrackBuilder(pictureRate);
        await foreach (var frame in _media.ReadFramesAsync(input, pictureRate, FrameSize, FrameSize, FrameFit.Stretch, cancellationToken).ConfigureAwait(false))
        {
            builder.Add(frame.Rgb24.Span, frame.Width, frame.Height);
            tracker.VideoAt(frame.TimestampSeconds + (1 / pictureRate));
        }

        return builder.ToTrack();
    }
}
