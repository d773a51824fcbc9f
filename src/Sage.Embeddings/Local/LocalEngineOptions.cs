using System.ComponentModel.DataAnnotations;

namespace Sage.Embeddings.Local;

/// <summary>Settings of the local ONNX engine (configuration section "Sage:LocalEngine").</summary>
public sealed class LocalEngineOptions
{
    public const string SectionName = "Sage:LocalEngine";

    /// <summary>
    /// Path of ResNet18.onnx. Empty means the copy shipped next to the application
    /// (DnnImageModels/ResNet18Onnx/ResNet18.onnx under the base directory).
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// Path of ResNetPreprocess.onnx, whose mean image the preprocessing subtracts. Empty means the
    /// shipped copy (DnnImageModels/ResNetPrepOnnx/ResNetPreprocess.onnx).
    /// </summary>
    public string? PreprocessModelPath { get; set; }

    /// <summary>
    /// Frames per second of video the model runs on for the visual vectors: of the frames decoded at the fingerprint's
    /// picture rate, the one nearest each k / FramesPerSecond.
    /// </summary>
    [Range(0.1, 30)]
    public double FramesPerSecond { get; set; } = 2;

    /// <summary>
    /// Sample rate the audio is decoded at for the audio vectors (mono). The fingerprint's sound is defined at 16 kHz,
    /// so at any other rate the engine returns no fingerprint and the caller fingerprints the video on its own.
    /// </summary>
    [Range(8000, 48000)]
    public int AudioSampleRate { get; set; } = 16000;

    /// <summary>
    /// Threads ONNX Runtime uses inside one inference. Default: half the cores (1 on a 2-core box),
    /// leaving the rest to ffmpeg's decoder, which runs at the same time. On a busy 2-core box two
    /// threads were much slower (a parallel section waits for its slowest thread): see bench/README.md, "Local embedding engine".
    /// </summary>
    [Range(1, 64)]
    public int IntraOpThreads { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Decoded frames buffered between ffmpeg and the model, so decoding overlaps inference.</summary>
    [Range(1, 64)]
    public int FrameQueueLength { get; set; } = 8;

    /// <summary>
    /// Videos embedded at the same time; further calls wait their turn. The server sets it from
    /// <c>Sage:Jobs:EngineConcurrency:local</c>, so that one setting rules.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentJobs { get; set; } = 1;

    /// <summary>The ResNet18.onnx path in effect.</summary>
    public string ResolvedModelPath =>
        string.IsNullOrWhiteSpace(ModelPath) ? Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx") : ModelPath;

    /// <summary>The ResNetPreprocess.onnx path in effect.</summary>
    public string ResolvedPreprocessModelPath =>
        string.IsNullOrWhiteSpace(PreprocessModelPath) ? Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx") : PreprocessModelPath;
}
