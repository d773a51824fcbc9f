using Microsoft.Extensions.Options;
using Sage.Embeddings.Local;
using Sage.Embeddings.TwelveLabs;

namespace Sage.Server.Settings;

/// <summary>
/// Picks the engine for a request that names none. The preference is the one saved in the settings,
/// else Sage:Embedding:DefaultEngine. "auto" means TwelveLabs when its key is configured and valid
/// (checked at most once a minute), otherwise local — also when TwelveLabs cannot be reached. An
/// explicit "twelvelabs" is honoured even without a key: the job then fails saying so.
/// </summary>
public sealed class EmbeddingEngineChooser(SettingsTable settings, IOptionsMonitor<EmbeddingSelectionOptions> options, TwelveLabsKeySettings keys)
{
    public const string SettingKey = "embedding.default_engine";

    public async Task<string> ChooseDefaultEngineAsync(CancellationToken cancellationToken)
    {
        var (preference, _) = await GetPreferenceAsync(cancellationToken).ConfigureAwait(false);
        if (preference != EmbeddingSelectionOptions.Auto)
        {
            return preference;
        }

        var key = await keys.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        return key.Valid == true ? TwelveLabsEngine.EngineName : LocalEmbeddingEngine.EngineName;
    }

    /// <summary>The preference in effect and where it comes from ("settings" or "configuration").</summary>
    public async Task<(string Preference, string Source)> GetPreferenceAsync(CancellationToken cancellationToken)
    {
        var stored = await settings.GetAsync(SettingKey, cancellationToken).ConfigureAwait(false);
        return stored is not null && EmbeddingSelectionOptions.Choices.Contains(stored)
            ? (stored, "settings")
            : (options.CurrentValue.DefaultEngine, "configuration");
    }

    /// <summary>Saves the user's choice; false (nothing saved) when it is not one of <see cref="EmbeddingSelectionOptions.Choices"/>.</summary>
    public async Task<bool> SetPreferenceAsync(string preference, CancellationToken cancellationToken)
    {
        var normalized = preference.Trim().ToLowerInvariant();
        if (!EmbeddingSelectionOptions.Choices.Contains(normalized))
        {
            return false;
        }

        await settings.SetAsync(SettingKey, normalized, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
