using Dapper;
using Sage.Server.Data;

namespace Sage.Server.Settings;

/// <summary>The <c>settings</c> table: small named values (the encrypted TwelveLabs key, the default engine).</summary>
public sealed class SettingsTable(SageDatabase database, TimeProvider timeProvider)
{
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT value FROM settings WHERE key = @key", new { key }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task SetAsync(string key, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO settings (key, value, updated_at) VALUES (@key, @value, @updatedAt)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """,
            new { key, value, updatedAt = timeProvider.GetUtcNow() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM settings WHERE key = @key", new { key }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }
}
