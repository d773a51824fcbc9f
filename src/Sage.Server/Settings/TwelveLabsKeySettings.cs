using System.Security.Cryptography;
using System.Text;
using Sage.Embeddings.TwelveLabs;

namespace Sage.Server.Settings;

/// <summary>
/// The TwelveLabs key as a setting: set it (checked against TwelveLabs first, stored only if
/// valid), remove it, and say whether the key in effect works. That last answer is cached per key
/// for <see cref="CheckInterval"/>, so neither the settings page nor the engine chooser calls
/// TwelveLabs more than once a minute.
/// </summary>
public sealed partial class TwelveLabsKeySettings(
    TwelveLabsKeyStore store,
    TwelveLabsKeyValidator validator,
    TimeProvider timeProvider,
    ILogger<TwelveLabsKeySettings> logger) : IDisposable
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _checking = new(1, 1);
    private CachedCheck? _cached;

    /// <summary>Checks <paramref name="apiKey"/> with TwelveLabs and stores it only if TwelveLabs accepts it.</summary>
    public async Task<TwelveLabsKeyOutcome> SetKeyAsync(string apiKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        apiKey = apiKey.Trim();
        var check = await validator.ValidateAsync(apiKey, cancellationToken).ConfigureAwait(false);
        switch (check.State)
        {
            case TwelveLabsKeyState.Valid:
                await store.SaveAsync(apiKey, cancellationToken).ConfigureAwait(false);
                Remember(apiKey, check);
                break;
            case TwelveLabsKeyState.Invalid:
                LogRejected();
                break;
            default:
                LogUnreachable(check.Detail ?? "no detail");
                break;
        }

        return new TwelveLabsKeyOutcome(check, await GetStatusAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Removes the stored key (the environment's, if any, is then in effect again).</summary>
    public Task<bool> DeleteKeyAsync(CancellationToken cancellationToken) => store.DeleteAsync(cancellationToken);

    /// <summary>Checks a key without storing it (the legacy /validate-key).</summary>
    public Task<TwelveLabsKeyCheck> ValidateAsync(string apiKey, CancellationToken cancellationToken) =>
        validator.ValidateAsync(apiKey.Trim(), cancellationToken);

    /// <summary>Whether a key is in effect, where from, and whether it works (checked at most once a minute).</summary>
    public async Task<TwelveLabsKeyStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var current = await store.GetKeyAsync(cancellationToken).ConfigureAwait(false);
        if (current is not { } key)
        {
            return TwelveLabsKeyStatus.NotConfigured;
        }

        var check = await CheckCachedAsync(key.Key, cancellationToken).ConfigureAwait(false);
        var valid = check.State switch
        {
            TwelveLabsKeyState.Valid => true,
            TwelveLabsKeyState.Invalid => (bool?)false,
            _ => null,
        };
        return new TwelveLabsKeyStatus(true, valid, Hint(key.Key), key.Source, check.State.ToString().ToLowerInvariant());
    }

    private async Task<TwelveLabsKeyCheck> CheckCachedAsync(string apiKey, CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint(apiKey);
        if (Fresh(fingerprint) is { } hit)
        {
            return hit;
        }

        await _checking.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh(fingerprint) is { } raced)
            {
                return raced;
            }

            var check = await validator.ValidateAsync(apiKey, cancellationToken).ConfigureAwait(false);
            Remember(apiKey, check);
            return check;
        }
        finally
        {
            _checking.Release();
        }
    }

    private TwelveLabsKeyCheck? Fresh(string fingerprint)
    {
        var cached = Volatile.Read(ref _cached);
        return cached is not null && cached.Fingerprint == fingerprint && timeProvider.GetUtcNow() - cached.CheckedAt < CheckInterval
            ? cached.Check
            : null;
    }

    private void Remember(string apiKey, TwelveLabsKeyCheck check) =>
        Volatile.Write(ref _cached, new CachedCheck(Fingerprint(apiKey), check, timeProvider.GetUtcNow()));

    /// <summary>The cache holds a hash, not the key.</summary>
    private static string Fingerprint(string apiKey) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    /// <summary>The last 4 characters, only for keys long enough that 4 characters give nothing away.</summary>
    private static string? Hint(string apiKey) => apiKey.Length >= 8 ? apiKey[^4..] : null;

    public void Dispose() => _checking.Dispose();

    private sealed record CachedCheck(string Fingerprint, TwelveLabsKeyCheck Check, DateTimeOffset CheckedAt);

    [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "TwelveLabs rejected the API key given in the settings; it was not stored")]
    private partial void LogRejected();

    [LoggerMessage(EventId = 711, Level = LogLevel.Warning, Message = "Could not check the TwelveLabs API key ({Detail}); it was not stored")]
    private partial void LogUnreachable(string detail);
}
