using Sage.Server.Fingerprints;

// In the root namespace so Program.cs needs no extra using.
namespace Sage.Server;

public static class FingerprintsServiceCollectionExtensions
{
    /// <summary>
    /// The fingerprint's state, objects and pipeline, and the start-up pass that queues missing fingerprints (before
    /// the worker starts). The fingerprinter itself comes from AddSageEmbeddings.
    /// </summary>
    public static IServiceCollection AddFingerprints(this IServiceCollection services)
    {
        services.AddSingleton<FingerprintCatalog>();
        services.AddSingleton<FingerprintObjects>();
        services.AddSingleton<ReadyFingerprints>();
        services.AddSingleton<FingerprintPipeline>();
        services.AddHostedService<FingerprintBackfill>();
        return services;
    }
}
