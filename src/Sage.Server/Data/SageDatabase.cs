using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Sage.Server.Data;

/// <summary>
/// The SQLite database under the data directory. Connections are cheap (pooled by the provider);
/// every caller opens its own and disposes it.
/// </summary>
public sealed class SageDatabase(IOptions<SageOptions> options)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(options.Value.DataDirectoryFullPath, "sage.db"),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public string FilePath => Path.Combine(options.Value.DataDirectoryFullPath, "sage.db");

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Per-connection settings; journal_mode=WAL is persistent and set by the migrator.
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
