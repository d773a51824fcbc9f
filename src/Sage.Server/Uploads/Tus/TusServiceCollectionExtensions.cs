using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Sage.Server.Uploads.Tus;

public static class TusServiceCollectionExtensions
{
    /// <summary>Resumable uploads: the <c>Sage:Uploads</c> options (validated at start-up), the tus services, the expiry sweep and the CORS policy.</summary>
    public static IServiceCollection AddTus(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TusOptions>()
            .Bind(configuration.GetSection(TusOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<TusOptions>>((cors, tus) => TusCors.Configure(cors, tus.Value));
        services.AddSingleton<TusUploadStore>();
        services.AddSingleton<TusUploadLocks>();
        services.AddSingleton<TusPendingFiles>();
        services.AddSingleton<TusContentHashes>();
        services.AddSingleton<TusUploads>();
        services.AddHostedService<TusExpirationService>();
        return services;
    }
}
