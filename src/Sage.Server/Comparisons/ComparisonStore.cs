using System.Text.Json;
using Dapper;
using Sage.Server.Data;

namespace Sage.Server.Comparisons;

/// <summary>A comparison in a list: who, how, when and the totals, without regions and steps.</summary>
public sealed record ComparisonSummary(Guid Id, ComparedVideo VideoA, ComparedVideo VideoB, string Mode, double Threshold, DateTimeOffset CreatedAt, ComparisonTotals Statistics);

/// <summary>
/// The comparisons table. A result is kept whole as JSON (it is always read whole); the list reads only the parts
/// it shows with SQLite's json_extract, not the steps.
/// </summary>
public sealed class ComparisonStore(SageDatabase database)
{
    /// <summary>The stored shape; the same options ASP.NET Core writes responses with.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task InsertAsync(ComparisonResponse comparison, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO comparisons (id, video_a, video_b, mode, threshold, created_at, result_json)
            VALUES (@id, @videoA, @videoB, @mode, @threshold, @createdAt, @json)
            """,
            new
            {
                id = comparison.Id,
                videoA = comparison.VideoA.Id,
                videoB = comparison.VideoB.Id,
                mode = comparison.Mode,
                threshold = comparison.Threshold,
                createdAt = comparison.CreatedAt,
                json = JsonSerializer.Serialize(comparison, Json),
            },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<ComparisonResponse?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var json = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT result_json FROM comparisons WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize<ComparisonResponse>(json, Json);
    }

    /// <summary>Newest first; only those involving <paramref name="videoId"/> when given.</summary>
    public async Task<IReadOnlyList<ComparisonSummary>> ListAsync(Guid? videoId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<SummaryRow>(new CommandDefinition(
            """
            SELECT id AS Id, mode AS Mode, threshold AS Threshold, created_at AS CreatedAt,
                   CAST(json_extract(result_json, '$.videoA') AS TEXT) AS VideoA,
                   CAST(json_extract(result_json, '$.videoB') AS TEXT) AS VideoB,
                   CAST(json_extract(result_json, '$.statistics') AS TEXT) AS Statistics
              FROM comparisons
             WHERE @video IS NULL OR video_a = @video OR video_b = @video
             ORDER BY created_at DESC, id
            """,
            new { video = videoId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new ComparisonSummary(
                r.Id,
                JsonSerializer.Deserialize<ComparedVideo>(r.VideoA, Json)!,
                JsonSerializer.Deserialize<ComparedVideo>(r.VideoB, Json)!,
                r.Mode,
                r.Threshold,
                r.CreatedAt,
                JsonSerializer.Deserialize<ComparisonTotals>(r.Statistics, Json)!))
            .ToList();
    }

    /// <summary>
    /// Settable properties, not a positional record: Microsoft.Data.Sqlite reports the type of an expression column
    /// (json_extract) as a blob before the first row is read, so Dapper would find no matching constructor.
    /// </summary>
    private sealed class SummaryRow
    {
        public Guid Id { get; set; }

        public string Mode { get; set; } = "";

        public double Threshold { get; set; }

        public DateTimeOffset CreatedAt { get; set; }

        public string VideoA { get; set; } = "";

        public string VideoB { get; set; } = "";

        public string Statistics { get; set; } = "";
    }
}
