using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Sage.Embeddings.TwelveLabs;

namespace Sage.Server.Settings;

/// <summary>
/// The TwelveLabs API key: the one stored in the settings table, encrypted with ASP.NET Core Data
/// Protection (key ring in the data directory), else <c>TWELVELABS_API_KEY</c> from configuration,
/// which environment variables feed. This is the engine's <see cref="ITwelveLabsKeySource"/>.
/// </summary>
public sealed partial class TwelveLabsKeyStore(
    SettingsTable settings,
    IDataProtectionProvider dataProtection,
    IConfiguration configuration,
    ILogger<TwelveLabsKeyStore> logger) : ITwelveLabsKeySource
{
    public const string SettingKey = "twelvelabs.api_key";
    public const string SourceSettings = "settings";
    public const string SourceEnvironment = "environment";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Sage.Settings.TwelveLabsApiKey.v1");

    public async ValueTask<string?> GetApiKeyAsync(CancellationToken cancellationToken) =>
        (await GetKeyAsync(cancellationToken).ConfigureAwait(false))?.Key;

    /// <summary>The key in effect and where it came from ("settings" or "environment"), or null.</summary>
    public async Task<(string Key, string Source)?> GetKeyAsync(CancellationToken cancellationToken)
    {
        var stored = await settings.GetAsync(SettingKey, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            try
            {
                return (_protector.Unprotect(stored), SourceSettings);
            }
            catch (CryptographicException e)
            {
                // The key ring was lost or replaced: the stored key cannot be read back and must be entered again.
                LogUnreadable(e);
            }
        }

        var fromEnvironment = configuration[ConfigurationTwelveLabsKeySource.KeyName];
        return string.IsNullOrWhiteSpace(fromEnvironment) ? null : (fromEnvironment.Trim(), SourceEnvironment);
    }

    public async Task SaveAsync(string apiKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        await settings.SetAsync(SettingKey, _protector.Protect(apiKey), cancellationToken).ConfigureAwait(false);
        LogStored();
    }

    public async Task<bool> DeleteAsync(CancellationToken cancellationToken)
    {
        var removed = await settings.DeleteAsync(SettingKey, cancellationToken).ConfigureAwait(false);
        if (removed)
        {
            LogRemoved();
        }

        return removed;
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "TwelveLabs API key stored (encrypted)")]
    private partial void LogStored();

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Stored TwelveLabs API key removed")]
    private partial void LogRemoved();

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "The stored TwelveLabs API key cannot be decrypted (was the key ring in the data directory replaced?); ignoring it")]
    private partial void LogUnreadable(Exception exception);
}
