using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Sage.Server.Tests.Tus;

namespace Sage.Server.Tests.Telemetry;

/// <summary>GET /metrics in Prometheus' text format, scraped after real uploads through both routes.</summary>
[Collection(MetricsCollection.Name)]
public sealed partial class MetricsEndpointTests : IDisposable
{
    private const int MiB = 1024 * 1024;
    private readonly SageServerFactory _server = new(new Dictionary<string, string?>
    {
        ["Sage:Storage:PartSize"] = (5 * MiB).ToString(CultureInfo.InvariantCulture),
    });

    private readonly HttpClient _client;

    public MetricsEndpointTests() => _client = _server.CreateHttpClient();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task A_Form_Upload_Shows_Its_Bytes_Parts_And_Outcome()
    {
        const long length = 11L * MiB + 7;
        using var created = await _client.UploadAsync(new FakeVideoStream(length));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var refused = await _client.UploadAsync(new MemoryStream("not a video at all"u8.ToArray()), "notes.mp4");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);

        var text = await ScrapeUntilAsync(t => Value(t, "sage_uploads_total", "sage_upload_route=\"form\"", "_outcome=\"completed\"") >= 1
            && Value(t, "sage_upload_requests_total", "sage_upload_route=\"form\"", "_outcome=\"rejected\"") >= 1);

        Assert.Equal(length, Value(text, "sage_upload_received_bytes_total", "sage_upload_route=\"form\"", "sage_storage_provider=\"FileSystem\""));
        Assert.Equal(length, Value(text, "sage_upload_size_bytes_sum", "sage_upload_route=\"form\"", "_outcome=\"completed\""));
        // 11 MiB in 5 MiB parts: three.
        Assert.Equal(3, Value(text, "sage_upload_parts_sum", "sage_upload_route=\"form\"", "_outcome=\"completed\""));
        Assert.Equal(1, Value(text, "sage_upload_duration_seconds_count", "sage_upload_route=\"form\"", "_outcome=\"completed\""));
        // The file store writes parts in place; the calls it is sent are timed.
        Assert.True(Value(text, "sage_storage_duration_seconds_count", "sage_storage_operation=\"complete_multipart_upload\"", "_outcome=\"ok\"") >= 1);
        // The platform's own meters come along: the runtime's memory and ASP.NET Core's requests.
        Assert.Contains("dotnet_process_memory_working_set_bytes", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Tus_Upload_Counts_Each_Patch_And_The_Completed_Upload()
    {
        var body = new byte[6 * MiB + 100];
        await new FakeVideoStream(body.Length).ReadExactlyAsync(body);
        var url = await _client.CreateUploadAsync(body.Length, TusRequests.VideoMetadata);
        using (var first = await _client.PatchAsync(url, 0, body[..(3 * MiB)]))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }

        using (var stale = await _client.PatchAsync(url, 0, body[..10]))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        }

        using (var last = await _client.PatchAsync(url, 3 * MiB, body[(3 * MiB)..]))
        {
            Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
        }

        var text = await ScrapeUntilAsync(t => Value(t, "sage_uploads_total", "sage_upload_route=\"tus\"", "_outcome=\"completed\"") >= 1);
        Assert.Equal(body.Length, Value(text, "sage_upload_received_bytes_total", "sage_upload_route=\"tus\""));
        // The creation and the two PATCHes that were taken.
        Assert.Equal(3, Value(text, "sage_upload_requests_total", "sage_upload_route=\"tus\"", "_outcome=\"accepted\""));
        Assert.Equal(1, Value(text, "sage_upload_requests_total", "sage_upload_route=\"tus\"", "_outcome=\"rejected\""));
        Assert.Equal(2, Value(text, "sage_upload_parts_sum", "sage_upload_route=\"tus\"", "_outcome=\"completed\""));
    }

    [Fact]
    public async Task Jobs_Report_Their_Duration()
    {
        using var created = await _client.UploadAsync(new FakeVideoStream(1000));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var text = await ScrapeUntilAsync(t => Value(t, "sage_job_duration_seconds_count", "sage_job_step=\"probe\"") >= 1);
        Assert.Contains("# TYPE sage_job_duration_seconds histogram", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Queue_Is_Counted_Empty_And_With_Jobs_Waiting()
    {
        _ = _client;
        var queue = _server.Services.GetRequiredService<Sage.Server.Jobs.JobQueue>();
        Assert.Empty(await queue.CountOpenAsync(CancellationToken.None));

        using var created = await _client.UploadAsync(new FakeVideoStream(1000));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var depth = await queue.CountOpenAsync(CancellationToken.None);
        // The probe is queued (or already running) the moment the upload is answered, unless it already ended.
        Assert.All(depth, d => Assert.True(d.Count > 0));
        Assert.All(depth, d => Assert.Contains(d.Status, new[] { "pending", "running" }));
    }

    private async Task<string> ScrapeUntilAsync(Func<string, bool> done)
    {
        var text = string.Empty;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var response = await _client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
            if (done(text))
            {
                return text;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The metrics never showed what was expected:\n" + text);
        return text;
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels contain every fragment (0 when none).</summary>
    private static double Value(string text, string name, params string[] labelFragments)
    {
        var total = 0.0;
        foreach (Match sample in SampleLine().Matches(text))
        {
            if (sample.Groups["name"].Value == name && labelFragments.All(f => sample.Groups["labels"].Value.Contains(f, StringComparison.Ordinal)))
            {
                total += double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
