using Sage.Embeddings.TwelveLabs;
using Sage.Server.Settings;

// In the root namespace so Program.cs needs no extra using for AddSageSettings.
namespace Sage.Server;

public static class SettingsServiceCollectionExtensions
{
    /// <summary>
    /// Data Protection (<see cref="KeyRing"/>), the settings table, the encrypted TwelveLabs key store as the engine's
    /// <see cref="ITwelveLabsKeySource"/> (register before <see cref="TwelveLabsServiceCollectionExtensions.AddTwelveLabs"/>,
    /// whose default source only reads the environment), <see cref="EmbeddingSelectionOptions"/> and the
    /// <see cref="EmbeddingEngineChooser"/>.
    /// </summary>
    public static IServiceCollection AddSageSettings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSageKeyRing(configuration);
        services.AddSingleton<SettingsTable>();
        services.AddSingleton<TwelveLabsKeyStore>();
        services.AddSingleton<ITwelveLabsKeySource>(sp => sp.GetRequiredService<TwelveLabsKeyStore>());
        services.AddSingleton<TwelveLabsKeySettings>();

        services.AddOptions<EmbeddingSelectionOptions>()
            .BindConfiguration(EmbeddingSelectionOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(EmbeddingSelectionOptions.IsValid, EmbeddingSelectionOptions.Invalid)
            .ValidateOnStart();
        services.AddSingleton<EmbeddingEngineChooser>();
        return services;
    }
}
