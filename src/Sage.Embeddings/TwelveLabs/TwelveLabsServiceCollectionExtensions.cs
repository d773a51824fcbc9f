using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Sage.Embeddings.TwelveLabs;

public static class TwelveLabsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TwelveLabsOptions"/> (section "Sage:TwelveLabs", validated at start-up;
    /// BaseUrl falls back to TWELVELABS_BASE_URL, then the public API), the typed
    /// <see cref="TwelveLabsClient"/>, <see cref="TwelveLabsKeyValidator"/>, and
    /// <see cref="TwelveLabsEngine"/> as an <see cref="IEmbeddingEngine"/>,
    /// plus <see cref="EmbeddingEngines"/> if nobody did. The key source defaults to
    /// <see cref="ConfigurationTwelveLabsKeySource"/>; register your own <see cref="ITwelveLabsKeySource"/> first to replace it.
    /// </summary>
    public static IServiceCollection AddTwelveLabs(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TwelveLabsOptions>()
            .Bind(configuration.GetSection(TwelveLabsOptions.SectionName))
            // Read from the container's configuration, so hosts and tests that add settings late are seen.
            .PostConfigure<IConfiguration>((options, config) =>
            {
                if (string.IsNullOrWhiteSpace(options.BaseUrl))
                {
                    var fromEnvironment = config[TwelveLabsOptions.BaseUrlEnvironmentVariable];
                    options.BaseUrl = string.IsNullOrWhiteSpace(fromEnvironment) ? TwelveLabsOptions.DefaultBaseUrl : fromEnvironment.Trim();
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITwelveLabsKeySource, ConfigurationTwelveLabsKeySource>();
        services.AddMetrics();
        services.TryAddTransient<TwelveLabsMetricsHandler>();
        services.AddHttpClient<TwelveLabsClient>(TwelveLabsClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<TwelveLabsMetricsHandler>()
            // The client lives in a singleton engine, so connections are recycled by the handler
            // itself (DNS changes) instead of by the factory's handler rotation.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<TwelveLabsKeyValidator>();
        services.TryAddSingleton<TwelveLabsEngine>();
        // TryAddEnumerable: calling this twice must not register the engine twice under one name.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEmbeddingEngine, TwelveLabsEngine>(sp => sp.GetRequiredService<TwelveLabsEngine>()));
        services.TryAddSingleton<EmbeddingEngines>();
        return services;
    }
}
