using Sage.Server.Proxies;

// In the root namespace so Program.cs needs no extra using.
namespace Sage.Server;

public static class ProxiesServiceCollectionExtensions
{
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
}
