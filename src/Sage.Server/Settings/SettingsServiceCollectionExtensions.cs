using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Sage.Embeddings.TwelveLabs;
using Sage.Server.Settings;

// In the root namespace so Program.cs needs no extra using for AddSageSettings.
namespace Sage.Server;

public static class SettingsServiceCollectionExtensions
{
    /// <summary>
    /// Data Protection (application name "SAGE", key ring in &lt;Sage:DataDirectory&gt;/keys), the
    /// settings table, the encrypted TwelveLabs key store as the engine's <see cref="ITwelveLabsKeySource"/>,
    /// the TwelveLabs engine (<see cref="TwelveLabsServiceCollectionExtensions.AddTwelveLabs"/>),
    /// <see cref="EmbeddingSelectionOptions"/> and the <see cref="EmbeddingEngineChooser"/>.
    /// </summary>
    public static IServiceCollection AddSageSettings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddDataProtection().SetApplicationName("SAGE");
        // PersistKeysToFileSystem, but with the directory read from the validated options at resolve
        // time rather than from configuration at registration time.
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<SageOptions>, ILoggerFactory>((keyManagement, sage, loggers) =>
                keyManagement.XmlRepository = new FileSystemXmlRepository(
                    Directory.CreateDirectory(Path.Combine(sage.Value.DataDirectoryFullPath, "keys")), loggers));

        services.AddSingleton<SettingsTable>();
        services.AddSingleton<TwelveLabsKeyStore>();
        services.AddSingleton<ITwelveLabsKeySource>(sp => sp.GetRequiredService<TwelveLabsKeyStore>());
        services.AddTwelveLabs(configuration);
        services.AddSingleton<TwelveLabsKeySettings>();

        services.AddOptions<EmbeddingSelectionOptions>()
            .BindConfiguration(EmbeddingSelectionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<EmbeddingEngineChooser>();
        return services;
    }
}
