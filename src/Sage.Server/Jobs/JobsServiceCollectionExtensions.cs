using Microsoft.Extensions.Options;
using Sage.Embeddings.Local;
using Sage.Server.Events;
using Sage.Server.Jobs;

// In the root namespace so Program.cs needs no extra using.
namespace Sage.Server;

public static class JobsServiceCollectionExtensions
{
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
