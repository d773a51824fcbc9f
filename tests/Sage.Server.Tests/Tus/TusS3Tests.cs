using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Sage.Server.Uploads.Tus;
using Sage.Testing.Fauxqs;

namespace Sage.Server.Tests.Tus;

/// <summary>tus into S3 (the fauxqs emulator): parts, termination and expiry checked against the bucket.</summary>
public sealed class TusS3Tests : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;
    private const string Bucket = "sage-tus-tests";
    private readonly string _temp = Directory.CreateTempSubdirectory("sage-tus-s3-").FullName;
    private FauxqsServer _fauxqs = null!;
    private AmazonS3Client _s3 = null!;

    public async Task InitializeAsync()
    {
        _fauxqs = await FauxqsServer.StartAsync([Bucket]);
        _s3 = _fauxqs.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _s3.Dispose();
        await _fauxqs.DisposeAsync();
        Directory.Delete(_temp, recursive: true);
    }

    private SageServerFactory StartServer(TimeSpan? expiry = null)
    {
        var settings = _fauxqs.SageStorageSettings(Bucket);
        settings["Sage:Storage:BufferBudgetBytes"] = (15 * MiB).ToString(CultureInfo.InvariantCulture);
        settings["Sage:Uploads:Expiry"] = (expiry ?? TimeSpan.FromHours(24)).ToString("c", CultureInfo.InvariantCulture);
        settings["Sage:Uploads:CleanupInterval"] = "00:00:00.200";
        return new SageServerFactory(settings);
    }

    private static async Task<string> MultipartUploadIdAsync(SageServerFactory server, string url)
    {
        var upload = await server.Services.GetRequiredService<TusUploadStore>().FindAsync(Guid.Parse(url[(url.LastIndexOf('/') + 1)..]), CancellationToken.None);
        return upload!.MultipartUploadId!;
    }

    private async Task AssertNoSuchUploadAsync(string key, string uploadId) =>
        Assert.Equal("NoSuchUpload", await _fauxqs.UploadPartErrorCodeAsync(Bucket, key, uploadId));

    [Fact]
    public async Task Uploads_64_MiB_In_3_MiB_Chunks_Into_The_Bucket()
    {
        using var server = StartServer();
        using var client = server.CreateHttpClient();
        var file = Path.Combine(_temp, "big.mp4");
        await TusRequests.WriteFakeVideoAsync(file, 64L * MiB, seed: 3);

        using var node = TusNodeClient.Start(new Uri(server.BaseAddress, "/api/uploads/"), file, 3 * MiB);
        var videoId = await node.SucceedAsync(TimeSpan.FromSeconds(120));

        var video = await client.GetFromJsonAsync<VideoJson>($"/api/videos/{videoId}", UploadClient.Json);
        var expected = FakeVideoStream.Sha256Of(64L * MiB, seed: 3);
        Assert.Equal(expected, video!.Sha256);
        using var stored = await _s3.GetObjectAsync(Bucket, video.StorageKey);
        Assert.Equal(64L * MiB, stored.ContentLength);
        Assert.Equal(expected, Convert.ToHexStringLower(await SHA256.HashDataAsync(stored.ResponseStream)));
    }

    [Fact]
    public async Task The_Original_Serve_Url_Answers_With_The_Sniffed_Type_Not_The_Declared_One()
    {
        using var server = StartServer();
        using var client = server.CreateHttpClient();
        var bytes = TusRequests.FakeVideo(MiB);
        // An MP4 declared as WebM: the object in the bucket keeps the declared type, the URL must not.
        var url = await client.CreateUploadAsync(bytes.Length, TusRequests.Metadata(("filename", "spot \"v2\".webm"), ("filetype", "video/webm")));
        using (var patched = await client.PatchAsync(url, 0, bytes))
        {
            Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        }

        var upload = await server.Services.GetRequiredService<TusUploadStore>().FindAsync(Guid.Parse(url[(url.LastIndexOf('/') + 1)..]), CancellationToken.None);
        var stored = await _s3.GetObjectMetadataAsync(Bucket, upload!.StorageKey);
        Assert.Equal("video/webm", stored.Headers.ContentType);

        var served = await client.GetFromJsonAsync<JsonElement>($"/serve-video/{upload.VideoId}");
        var presigned = new Uri(served.GetProperty("video_url").GetString()!);
        // S3 answers a signed GET with its response-* parameters as headers (GetObject's documented overrides; they are
        // part of the signed query). fauxqs ignores them and answers with the object's type, so the URL itself is checked.
        var query = System.Web.HttpUtility.ParseQueryString(presigned.Query);
        Assert.Equal("video/mp4", query["response-content-type"]);
        Assert.StartsWith("inline; filename=\"spot _v2_.webm\"; filename*=UTF-8''spot%20%22v2%22.webm", query["response-content-disposition"], StringComparison.Ordinal);
        Assert.NotNull(query["X-Amz-Signature"]);
        using var plain = new HttpClient();
        using var answer = await plain.GetAsync(presigned, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task Termination_Aborts_The_S3_Multipart_Upload_And_Deletes_The_Pending_Bytes()
    {
        using var server = StartServer();
        using var client = server.CreateHttpClient();
        var bytes = TusRequests.FakeVideo(20 * MiB);
        var url = await client.CreateUploadAsync(bytes.Length);
        using (var patched = await client.PatchAsync(url, 0, bytes[..(7 * MiB)]))
        {
            Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        }

        var uploadId = await MultipartUploadIdAsync(server, url);
        var key = (await server.Services.GetRequiredService<TusUploadStore>().FindAsync(Guid.Parse(url[(url.LastIndexOf('/') + 1)..]), CancellationToken.None))!.StorageKey;
        var uploads = Path.Combine(server.DataDirectory, "uploads");
        Assert.NotEmpty(Directory.GetFiles(uploads));

        using var deleted = await client.DeleteUploadAsync(url);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertNoSuchUploadAsync(key, uploadId);
        Assert.Empty(Directory.GetFiles(uploads));
        using var head = await client.HeadAsync(url);
        Assert.Equal(HttpStatusCode.Gone, head.StatusCode);
    }

    [Fact]
    public async Task An_Expired_Upload_Is_Cleaned_Up_With_Its_S3_Multipart_Upload()
    {
        using var server = StartServer(expiry: TimeSpan.FromSeconds(2));
        using var client = server.CreateHttpClient();
        var bytes = TusRequests.FakeVideo(20 * MiB);
        var url = await client.CreateUploadAsync(bytes.Length);
        using (var patched = await client.PatchAsync(url, 0, bytes[..(7 * MiB)]))
        {
            Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        }

        var record = (await server.Services.GetRequiredService<TusUploadStore>().FindAsync(Guid.Parse(url[(url.LastIndexOf('/') + 1)..]), CancellationToken.None))!;
        var uploads = Path.Combine(server.DataDirectory, "uploads");
        Assert.NotEmpty(Directory.GetFiles(uploads));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await client.GetFromJsonAsync<JsonElement>(url)).GetProperty("status").GetString() != "expired")
        {
            Assert.True(DateTime.UtcNow < deadline, "the upload did not expire");
            await Task.Delay(200);
        }

        using var head = await client.HeadAsync(url);
        Assert.Equal(HttpStatusCode.Gone, head.StatusCode);
        await AssertNoSuchUploadAsync(record.StorageKey, record.MultipartUploadId!);
        Assert.Empty(Directory.GetFiles(uploads));
    }
}
