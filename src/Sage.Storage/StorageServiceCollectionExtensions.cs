using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sage.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the "Sage:Storage" options (validated at start-up), the configured
    /// <see cref="IObjectStore"/>, the process-wide <see cref="PartBufferPool"/> and the
    /// <see cref="MultipartUploader"/>, all singletons. The file-system store lives under
    /// "Sage:DataDirectory" (default "data"); override with
    /// <c>services.PostConfigure&lt;FileSystemStoreOptions&gt;(o =&gt; o.RootDirectory = ...)</c>.
    /// An <see cref="Amazon.Runtime.HttpClientFactory"/> registered in the container (for example an
    /// <see cref="S3HttpClientFactory"/>) is handed to the S3 client.
    /// </summary>
    public static IServiceCollection AddSageStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<FileSystemStoreOptions>()
            .Configure(o =>
            {
                if (string.IsNullOrEmpty(o.RootDirectory))
                {
                    o.RootDirectory = Path.GetFullPath(configuration["Sage:DataDirectory"] is { Length: > 0 } dataDirectory ? dataDirectory : "data");
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<PartBufferPool>();
        services.AddMetrics();
        services.AddSingleton<StorageMetrics>();
        services.AddSingleton<IObjectStore>(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            IObjectStore store = options.Provider switch
            {
                StorageProvider.S3 => new S3ObjectStore(
                    options.S3,
                    provider.GetRequiredService<ILogger<S3ObjectStore>>(),
                    provider.GetService<Amazon.Runtime.HttpClientFactory>()),
                _ => new FileSystemObjectStore(provider.GetRequiredService<IOptions<FileSystemStoreOptions>>()),
            };
            return MeteredObjectStore.For(store, provider.GetRequiredService<StorageMetrics>());
        });
        services.AddSingleton<MultipartUploader>();
        return services;
    }
}
