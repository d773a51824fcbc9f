using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace Sage.Embeddings.Local;

/// <summary>
/// ResNet18 (ImageNet, CNTK export shipped in Microsoft.ML.DnnImageFeaturizer.ResNet18) as a frame
/// featurizer: 224x224 image in, the 512 averaged-pool activations out. One InferenceSession is
/// created on first use and shared by every job (Run is thread-safe).
/// <para>
/// The model's batch dimension is fixed at 1 (input "Input247" [1,3,224,224], output
/// "Pooling395_Output_0" [1,512,1,1]). Rewriting the graph to a dynamic batch was measured and
/// gained under 6% (8.9 vs 9.5 ms per frame with 2 threads), so frames are run one at a time into
/// pre-allocated tensors instead.
/// </para>
/// </summary>
public sealed class ResNet18Model : IDisposable
{
    public const int FeatureLength = 512;

    private readonly LocalEngineOptions _options;
    private readonly ILogger<ResNet18Model> _logger;
    private readonly Lazy<Loaded> _loaded;

    public ResNet18Model(IOptions<LocalEngineOptions> options, ILogger<ResNet18Model> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _loaded = new Lazy<Loaded>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    internal ResNetPreprocessor Preprocessor => _loaded.Value.Preprocessor;

    /// <summary>Loads the model now instead of on the first frame (start-up warm-up, benchmarks).</summary>
    public void EnsureLoaded() => _ = _loaded.Value;

    /// <summary>Runs one preprocessed frame (<see cref="CreateInput"/>) into a 512-value output (<see cref="CreateOutput"/>).</summary>
    internal void Run(ModelTensor input, ModelTensor output, RunOptions runOptions)
    {
        var loaded = _loaded.Value;
        loaded.Session.Run(runOptions, loaded.InputNames, input.Values, loaded.OutputNames, output.Values);
    }

    internal static ModelTensor CreateInput() =>
        new(new float[ResNetPreprocessor.TensorLength], [1, 3, ResNetPreprocessor.ImageSize, ResNetPreprocessor.ImageSize]);

    internal static ModelTensor CreateOutput() => new(new float[FeatureLength], [1, FeatureLength, 1, 1]);

    public void Dispose()
    {
        if (_loaded.IsValueCreated)
        {
            _loaded.Value.Session.Dispose();
        }
    }

    private Loaded Load()
    {
        var stopwatch = Stopwatch.StartNew();
        var modelPath = _options.ResolvedModelPath;
        var preprocessor = ResNetPreprocessor.FromPreprocessModel(_options.ResolvedPreprocessModelPath);
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = _options.IntraOpThreads,
            InterOpNumThreads = 1,
        };
        // Idle ORT threads would otherwise spin waiting for work and take CPU from ffmpeg's decoder.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        var session = new InferenceSession(modelPath, sessionOptions);
        try
        {
            var input = session.InputMetadata.Single();
            var output = session.OutputMetadata.Single();
            if (!input.Value.Dimensions.SequenceEqual([1, 3, ResNetPreprocessor.ImageSize, ResNetPreprocessor.ImageSize]) ||
                output.Value.Dimensions.Aggregate(1, (a, b) => a * b) != FeatureLength)
            {
                throw new InvalidOperationException($"{modelPath} is not the expected ResNet18 featurizer (input [1,3,224,224], 512 outputs).");
            }

            EmbeddingsLog.ModelLoaded(_logger, modelPath, _options.IntraOpThreads, stopwatch.Elapsed.TotalMilliseconds);
            return new Loaded(session, preprocessor, [input.Key], [output.Key]);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private sealed record Loaded(InferenceSession Session, ResNetPreprocessor Preprocessor, string[] InputNames, string[] OutputNames);
}
