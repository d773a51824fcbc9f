using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Sage.Media;

public static class MediaServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MediaOptions"/> (section "Sage:Media", validated at start-up), the
    /// <see cref="MediaProcessRunner"/>, <see cref="IMediaTools"/> and the <see cref="MediaToolsCheck"/>
    /// start-up check (also resolvable as a singleton for the health endpoint).
    /// </summary>
    public static IServiceCollection AddSageMedia(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MediaOptions>()
            .Bind(configuration.GetSection(MediaOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<MediaProcessRunner>();
        services.AddSingleton<FfmpegMediaTools>();
        services.AddSingleton<IMediaTools>(sp => sp.GetRequiredService<FfmpegMediaTools>());
        services.AddSingleton<MediaToolsCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<MediaToolsCheck>());
        return services;
    }
}
