using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sage.Embeddings.Fingerprints;
using Sage.Embeddings.Local;

namespace Sage.Embeddings;

public static class EmbeddingsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the local engine: <see cref="LocalEngineOptions"/> (section "Sage:LocalEngine",
    /// validated at start-up, including that the model files exist), the shared
    /// <see cref="ResNet18Model"/>, <see cref="LocalEmbeddingEngine"/> as an <see cref="IEmbeddingEngine"/>,
    /// the <see cref="EmbeddingEngines"/> registry, and <see cref="VideoFingerprinter"/> as the
    /// <see cref="IVideoFingerprinter"/>. Needs
    /// <c>AddSageMedia</c> for the decoders.
    /// </summary>
    public static IServiceCollection AddSageEmbeddings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LocalEngineOptions>()
            .Bind(configuration.GetSection(LocalEngineOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => File.Exists(o.ResolvedModelPath), "Sage:LocalEngine: ResNet18.onnx was not found (ModelPath).")
            .Validate(o => File.Exists(o.ResolvedPreprocessModelPath), "Sage:LocalEngine: ResNetPreprocess.onnx was not found (PreprocessModelPath).")
            .ValidateOnStart();
        services.TryAddSingleton<ResNet18Model>();
        services.TryAddSingleton<LocalEmbeddingEngine>();
        // TryAddEnumerable: calling this twice must not register the engine twice under one name.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEmbeddingEngine, LocalEmbeddingEngine>(sp => sp.GetRequiredService<LocalEmbeddingEngine>()));
        services.TryAddSingleton<EmbeddingEngines>();
        services.TryAddSingleton<IVideoFingerprinter, VideoFingerprinter>();
        return services;
    }
}
