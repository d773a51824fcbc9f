using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sage.Server.Sweep;
using Sage.Server.Tests.Tus;
using Sage.Server.Uploads.Tus;

namespace Sage.Server.Tests.Sweep;

/// <summary>The orphan sweep on the file store: what a killed form upload or a failed creation left goes, live uploads stay.</summary>
[Collection(Sage.Server.Tests.Telemetry.MetricsCollection.Name)]
public sealed class SweepTests : IDisposable
{
    private const int MiB = 1024 * 1024;
    private static readonly TimeSpan LongAgo = TimeSpan.FromHours(2);

    private readonly SageServerFactory _server = new(new Dictionary<string, string?>
    {
        ["Sage:Sweep:MinAge"] = "01:00:00",
        ["Sage:Sweep:Interval"] = "1.00:00:00",
    });

    public void Dispose() => _server.Dispose();

    private string Multipart(string name) => Path.Combine(_server.DataDirectory, "multipart", name);

    private static void Age(string path) => File.SetLastWriteTimeUtc(path, DateTime.UtcNow - LongAgo);

    [Fact]
    public async Task Removes_A_Stale_Multipart_Temporary_And_An_Empty_Pair_But_Keeps_A_Fresh_One_And_A_Live_Tus_Upload()
    {
        using var client = _server.CreateHttpClient();
        var url = await client.CreateUploadAsync(20 * MiB);
        using (var patched = await client.PatchAsync(url, 0, TusRequests.FakeVideo(20 * MiB)[..(7 * MiB)]))
        {
            Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        }

        var tus = (await _server.Services.GetRequiredService<TusUploadStore>().FindAsync(Guid.Parse(url[(url.LastIndexOf('/') + 1)..]), CancellationToken.None))!;

        // As a kill -9 during a form upload leaves it: a large data file and its manifest.
        var killed = Guid.NewGuid().ToString("N");
        await File.WriteAllBytesAsync(Multipart(killed + ".data"), new byte[3 * MiB]);
        await File.WriteAllTextAsync(Multipart(killed + ".json"), """{"Key":"videos/x/killed.mp4","PartSize":5242880,"Metadata":{"OriginalFileName":"killed.mp4","ContentType":"video/mp4","UploadedAt":"2026-01-01T00:00:00+00:00"}}""");
        // As a creation that failed on a full disk leaves it.
        var empty = Guid.NewGuid().ToString("N");
        await File.WriteAllBytesAsync(Multipart(empty + ".data"), []);
        await File.WriteAllBytesAsync(Multipart(empty + ".json"), []);
        var fresh = Guid.NewGuid().ToString("N");
        await File.WriteAllBytesAsync(Multipart(fresh + ".data"), new byte[10]);
        var scratch = Multipart("put-" + Guid.NewGuid().ToString("N") + ".tmp");
        await File.WriteAllBytesAsync(scratch, new byte[10]);
        var uploads = Path.Combine(_server.DataDirectory, "uploads");
        var orphanPending = Path.Combine(uploads, Guid.NewGuid().ToString("N") + ".pending");
        await File.WriteAllBytesAsync(orphanPending, new byte[10]);
        var livePending = Path.Combine(uploads, tus.Id.ToString("N") + ".pending");
        await File.WriteAllBytesAsync(livePending, new byte[10]);
        foreach (var path in (string[])[Multipart(killed + ".data"), Multipart(killed + ".json"), Multipart(empty + ".data"), Multipart(empty + ".json"),
                     Multipart(tus.MultipartUploadId + ".data"), Multipart(tus.MultipartUploadId + ".json"), scratch, orphanPending, livePending])
        {
            Age(path);
        }

        var removed = await _server.Services.GetRequiredService<OrphanSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal(4, removed);
        Assert.False(File.Exists(Multipart(killed + ".data")));
        Assert.False(File.Exists(Multipart(killed + ".json")));
        Assert.False(File.Exists(Multipart(empty + ".data")));
        Assert.False(File.Exists(Multipart(empty + ".json")));
        Assert.False(File.Exists(scratch));
        Assert.False(File.Exists(orphanPending));
        Assert.True(File.Exists(Multipart(fresh + ".data")));
        Assert.True(File.Exists(Multipart(tus.MultipartUploadId + ".data")));
        Assert.True(File.Exists(livePending));

        // A second pass finds nothing more; the live upload still resumes.
        Assert.Equal(0, await _server.Services.GetRequiredService<OrphanSweeper>().SweepAsync(CancellationToken.None));
        using var head = await client.HeadAsync(url);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);

        using var metrics = await client.GetAsync("/metrics");
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Contains("sage_sweep_removals_total{otel_scope_name=\"Sage.Sweep\",sage_sweep_kind=\"multipart_upload\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("sage_sweep_kind=\"scratch_file\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("sage_sweep_kind=\"tus_pending\"} 1", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sage:Sweep:MinAge", "00:00:00")]
    [InlineData("Sage:Sweep:Interval", "00:00:00")]
    public void Refuses_A_Setting_Out_Of_Range(string key, string value) =>
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            RegisteredOptions.Resolve<SweepOptions>((services, configuration) => services.AddSweep(configuration), key, value));
}
