using System.Security.Cryptography;
using Dapper;
using Sage.Server.Data;

namespace Sage.Server.Auth;

/// <summary>
/// Access tokens in the database. The secret is 256 random bits; only its SHA-256 is stored, so
/// a lookup is by hash and a leaked database does not leak tokens.
/// </summary>
public sealed class TokenStore(SageDatabase database, TimeProvider time)
{
    private const string SecretPrefix = "sage_";

    public async Task<CreatedAccessToken> CreateAsync(string name, string role, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var secret = SecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var createdAt = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO access_tokens (id, name, role, secret_hash, created_at) VALUES (@id, @name, @role, @hash, @createdAt)",
            new { id, name, role, hash = Hash(secret), createdAt = createdAt.ToString("O") },
            cancellationToken: cancellationToken));
        return new CreatedAccessToken(id, name, role, createdAt, secret);
    }

    public async Task<IReadOnlyList<AccessToken>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Id, string Name, string Role, string CreatedAt)>(new CommandDefinition(
            "SELECT id, name, role, created_at FROM access_tokens WHERE revoked_at IS NULL ORDER BY created_at",
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new AccessToken(r.Id, r.Name, r.Role, DateTimeOffset.Parse(r.CreatedAt, System.Globalization.CultureInfo.InvariantCulture)))];
    }

    /// <summary>Revokes at once: every request looks the hash up, so nothing keeps a revoked token alive.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE access_tokens SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL",
            new { id, now = time.GetUtcNow().ToString("O") },
            cancellationToken: cancellationToken));
        return changed > 0;
    }

    /// <summary>The live token with this secret, or null.</summary>
    public async Task<AccessToken?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Id, string Name, string Role, string CreatedAt)?>(new CommandDefinition(
            "SELECT id, name, role, created_at FROM access_tokens WHERE secret_hash = @hash AND revoked_at IS NULL",
            new { hash = Hash(secret) },
            cancellationToken: cancellationToken));
        return row is { } r
            ? new AccessToken(r.Id, r.Name, r.Role, DateTimeOffset.Parse(r.CreatedAt, System.Globalization.CultureInfo.InvariantCulture))
            : null;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
}
