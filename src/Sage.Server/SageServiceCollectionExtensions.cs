using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sage.Embeddings.Fingerprints;
using Sage.Embeddings.Local;
using Sage.Server.Fingerprints;
using Sage.Server.Proxies;
using Sage.Server.Events;
using Sage.Server.Jobs;
using Sage.Server.Uploads;
using Sage.Server.Videos;

namespace Sage.Server;

public static class SageServiceCollectionExtensions
{
    /// <summary>The <c>Sage</c> section, validated before the server starts, and the data directory created.</summary>
    public static IServiceCollection AddSageOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SageOptions>()
            .BindConfiguration(SageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart()
            .PostConfigure(options => Directory.CreateDirectory(options.DataDirectoryFullPath));
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static IServiceCollection AddVideos(this IServiceCollection services)
    {
        services.AddSingleton<VideoCatalog>();
        services.AddSingleton<EmbeddingCatalog>();
        services.AddSingleton<VideoIngest>();
        services.AddSingleton<UploadMetrics>();
        return services;
    }

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

    /// <summary>The web-playable proxies: options (Sage:Proxies), state, objects and pipeline.</summary>
    public static IServiceCollection AddProxies(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>()
            .BindConfiguration(ProxyOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ProxyCatalog>();
        services.AddSingleton<ProxyObjects>();
        services.AddSingleton<ProxyPipeline>();
        return services;
    }

    /// <summary>The durable job queue, its background worker and the live event stream.</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddOptions<JobOptions>()
            .BindConfiguration(JobOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // One setting for how many local embeddings run at once: the worker's, which the engine then allows too.
        services.AddOptions<LocalEngineOptions>().PostConfigure<IOptions<JobOptions>>((local, jobs) =>
            local.MaxConcurrentJobs = jobs.Value.EngineConcurrency.GetValueOrDefault(LocalEmbeddingEngine.EngineName, 1));
        services.AddSingleton<EventHub>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton<JobSignal>();
        services.AddSingleton<RunningJobs>();
        services.AddSingleton<VideoInputs>();
        services.AddSingleton<VideoPipeline>();
        services.AddSingleton<IJobStep, ProbeStep>();
        services.AddSingleton<IJobStep, ThumbnailStep>();
        services.AddSingleton<IJobStep, EmbedStep>();
        services.AddSingleton<IJobStep, FingerprintStep>();
        services.AddSingleton<IJobStep, ProxyStep>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobMetrics>();
        services.AddHostedService<JobQueueDepthSampler>();
        services.AddFingerprints();
        services.AddProxies();
        services.AddHostedService<JobWorker>();
        return services;
    }
}
