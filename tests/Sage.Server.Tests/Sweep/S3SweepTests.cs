using System.Net;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Sage.Server.Sweep;
using Sage.Server.Tests.Telemetry;
using Sage.Server.Tests.Tus;
using Sage.Server.Uploads.Tus;
using Sage.Testing.Fauxqs;

namespace Sage.Server.Tests.Sweep;

/// <summary>
/// The sweep on S3 (fauxqs, whose ListMultipartUploads the test harness answers from its own store): an open upload under
/// videos/ older than MinAge is aborted, a young one and a live tus upload are kept, other prefixes are not SAGE's.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class S3SweepTests : IAsyncLifetime
{
    private const string Bucket = "sage-sweep";
    private FauxqsServer _fauxqs = null!;

    public async Task InitializeAsync() => _fauxqs = await FauxqsServer.StartAsync([Bucket]);

    public async Task DisposeAsync() => await _fauxqs.DisposeAsync();

    [Fact]
    public async Task Aborts_Old_Open_Uploads_Under_Videos_And_Keeps_Young_Ones_And_Live_Tus_Uploads()
    {
        var settings = _fauxqs.SageStorageSettings(Bucket);
        settings["Sage:Sweep:MinAge"] = "00:00:02";
        settings["Sage:Sweep:Interval"] = "1.00:00:00";
        using var server = new SageServerFactory(settings);
        using var client = server.CreateHttpClient();
        using var s3 = _fauxqs.CreateClient();

        var url = await client.CreateUploadAsync(20L * 1024 * 1024);
        using (var patched = await client.PatchAsync(url, 0, TusRequests.FakeVideo(6 * 1024 * 1024)))
        {
            Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        }

        var tus = (await server.Services.GetRequiredService<TusUploadStore>().FindAsync(Guid.Parse(url[(url.LastIndexOf('/') + 1)..]), CancellationToken.None))!;
        var old = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = "videos/old/killed.mp4" });
        var foreign = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = "backups/other.bin" });
        await Task.Delay(TimeSpan.FromSeconds(3));
        var young = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = "videos/young/clip.mp4" });

        var removed = await server.Services.GetRequiredService<OrphanSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.Equal("NoSuchUpload", await _fauxqs.UploadPartErrorCodeAsync(Bucket, old.Key, old.UploadId));
        Assert.Null(await _fauxqs.UploadPartErrorCodeAsync(Bucket, young.Key, young.UploadId));
        Assert.Null(await _fauxqs.UploadPartErrorCodeAsync(Bucket, foreign.Key, foreign.UploadId));
        using (var head = await client.HeadAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }

        var listed = await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = Bucket, Prefix = "videos/" });
        Assert.Equal(
            new[] { tus.MultipartUploadId!, young.UploadId }.Order(StringComparer.Ordinal),
            listed.MultipartUploads.Select(u => u.UploadId).Order(StringComparer.Ordinal));
        var text = await client.GetStringAsync("/metrics");
        Assert.Contains("sage_sweep_kind=\"multipart_upload\"} 1", text, StringComparison.Ordinal);
    }
}
