using Microsoft.Extensions.Logging;

namespace Sage.Embeddings;

/// <summary>Source-generated log messages of the embedding engines (event ids 2300-2399).</summary>
internal static partial class EmbeddingsLog
{
    [LoggerMessage(EventId = 2300, Level = LogLevel.Information, Message = "Loaded {ModelPath} with {IntraOpThreads} intra-op threads in {ElapsedMs:F0} ms")]
    public static partial void ModelLoaded(ILogger logger, string modelPath, int intraOpThreads, double elapsedMs);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Embedding {Input} ({DurationSeconds:F1} s, {ClipCount} clips of {ClipLengthSeconds} s) with the {Engine} engine")]
    public static partial void EmbeddingStarted(ILogger logger, string input, double durationSeconds, int clipCount, double clipLengthSeconds, string engine);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "Embedded {Input}: {FrameCount} frames ({ModelRuns} through the model, the rest exact repeats), {AudioSeconds:F1} s of audio in {ElapsedSeconds:F1} s ({Speed:F1}x real time)")]
    public static partial void EmbeddingFinished(ILogger logger, string input, int frameCount, int modelRuns, double audioSeconds, double elapsedSeconds, double speed);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Information, Message = "{Input} has no audio; no audio vectors")]
    public static partial void NoAudio(ILogger logger, string input);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Warning, Message = "{ClipCount} clips of {Input} got no decoded frame; they repeat the nearest clip's vector")]
    public static partial void ClipsWithoutFrames(ILogger logger, string input, int clipCount);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Debug, Message = "Waiting for a free embedding slot for {Input}")]
    public static partial void WaitingForSlot(ILogger logger, string input);

    [LoggerMessage(EventId = 2306, Level = LogLevel.Information, Message = "Fingerprinted {Input}: {PictureFrames} picture frames, {SoundFrames} sound frames in {ElapsedSeconds:F1} s")]
    public static partial void Fingerprinted(ILogger logger, string input, int pictureFrames, int soundFrames, double elapsedSeconds);

    [LoggerMessage(EventId = 2307, Level = LogLevel.Warning, Message = "The local engine decodes audio at {SampleRate} Hz, not the fingerprint's {FingerprintSampleRate} Hz; {Input} gets no fingerprint from the engine")]
    public static partial void NoFingerprintAtSampleRate(ILogger logger, int sampleRate, int fingerprintSampleRate, string input);
}
