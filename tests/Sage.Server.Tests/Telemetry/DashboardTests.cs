using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Sage.Embeddings.TwelveLabs;
using Sage.Server.Comparisons;
using Sage.Server.Jobs;
using Sage.Server.Uploads;
using Sage.Storage;

namespace Sage.Server.Tests.Telemetry;

/// <summary>
/// Every series the shipped Grafana dashboard queries exists: either the scrape after an upload shows it, or one of
/// SAGE's instruments produces it under the Prometheus exporter's naming (a renamed instrument or a typo in a panel fails).
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed partial class DashboardTests : IDisposable
{
    private readonly SageServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Every_Series_The_Dashboard_Queries_Exists()
    {
        using var client = _server.CreateHttpClient();
        using (var created = await client.UploadAsync(new FakeVideoStream(64 * 1024)))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var scraped = SeriesName().Matches(await client.GetStringAsync("/metrics")).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        var declared = DeclaredSeries();
        var queried = QueriedSeries();

        Assert.NotEmpty(queried);
        var missing = queried.Where(name => !scraped.Contains(name) && !declared.Contains(name)).ToList();
        Assert.True(missing.Count == 0, "The dashboard queries series nothing produces: " + string.Join(", ", missing));
    }

    /// <summary>The series SAGE's own instruments become, by the exporter's rules (unit suffix, _total, histogram parts).</summary>
    private HashSet<string> DeclaredSeries()
    {
        var instruments = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name.StartsWith("Sage", StringComparison.Ordinal))
                {
                    lock (instruments)
                    {
                        instruments.Add(instrument);
                    }
                }
            },
        };

        // Instruments exist once their owners do; the TwelveLabs handler is built per client, so build one.
        _ = _server.Services.GetRequiredService<UploadMetrics>();
        _ = _server.Services.GetRequiredService<StorageMetrics>();
        _ = _server.Services.GetRequiredService<JobMetrics>();
        _ = _server.Services.GetRequiredService<ComparisonMetrics>();
        _ = _server.Services.GetRequiredService<TwelveLabsMetricsHandler>();
        listener.Start();

        var series = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instrument in instruments)
        {
            var name = instrument.Name.Replace('.', '_') + instrument.Unit switch
            {
                "s" => "_seconds",
                "By" => "_bytes",
                _ => string.Empty,
            };
            var type = instrument.GetType().GetGenericTypeDefinition();
            if (type == typeof(Counter<>) || type == typeof(ObservableCounter<>))
            {
                series.Add(name + "_total");
            }
            else if (type == typeof(Histogram<>))
            {
                series.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
            }
            else
            {
                series.Add(name);
            }
        }

        return series;
    }

    private static List<string> QueriedSeries()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "deploy", "grafana", "sage-dashboard.json")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.FullName, "deploy", "grafana", "sage-dashboard.json")));
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            if (!panel.TryGetProperty("targets", out var targets))
            {
                continue;
            }

            foreach (var target in targets.EnumerateArray())
            {
                var expr = target.GetProperty("expr").GetString()!;
                // A metric is a name followed by its selector or range: labels (inside braces, before '=') and functions are not.
                foreach (Match match in QueriedName().Matches(LabelSelectors().Replace(expr, "{}")))
                {
                    names.Add(match.Groups["name"].Value);
                }
            }
        }

        return names.ToList();
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{| )", RegexOptions.Multiline)]
    private static partial Regex SeriesName();

    [GeneratedRegex(@"(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?=\{|\[)")]
    private static partial Regex QueriedName();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelSelectors();
}
