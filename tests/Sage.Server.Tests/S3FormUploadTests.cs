using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Sage.Storage;
using Sage.Testing.Fauxqs;

namespace Sage.Server.Tests;

/// <summary>POST /api/videos into S3 (the fauxqs emulator), checked against what the bucket holds.</summary>
public sealed class S3FormUploadTests : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;
    private const string Bucket = "sage-server-tests";
    private FauxqsServer _fauxqs = null!;
    private SageServerFactory _server = null!;
    private HttpClient _client = null!;
    private FaultInjectingHandler _recorder = null!;
    private AmazonS3Client _s3 = null!;

    public async Task InitializeAsync()
    {
        _fauxqs = await FauxqsServer.StartAsync([Bucket]);
        _s3 = _fauxqs.CreateClient();
        var settings = _fauxqs.SageStorageSettings(Bucket);
        // A small budget shows back-pressure; the limit sits between the largest round trip (100 MiB) and the 400 MiB refusal.
        settings["Sage:Storage:BufferBudgetBytes"] = (15 * MiB).ToString(CultureInfo.InvariantCulture);
        settings["Sage:MaxUploadBytes"] = (200 * MiB).ToString(CultureInfo.InvariantCulture);
        _server = new SageServerFactory(
            settings,
            services: services => services.AddSingleton<Amazon.Runtime.HttpClientFactory>(
                new S3HttpClientFactory(() => _recorder = new FaultInjectingHandler(new SocketsHttpHandler()))));
        _client = _server.CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        _s3.Dispose();
        await _fauxqs.DisposeAsync();
    }

    private async Task<byte[]> ReadObjectAsync(string key)
    {
        using var response = await _s3.GetObjectAsync(Bucket, key);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(5L * MiB)]
    [InlineData(5L * MiB + 1)]
    [InlineData(100L * MiB + 17)]
    public async Task Stores_The_Exact_Bytes_In_The_Bucket(long length)
    {
        // One byte is no container; pad the tiny case to the MP4 header length.
        length = Math.Max(length, 24);
        using var response = await _client.UploadAsync(new FakeVideoStream(length));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var video = await response.ReadVideoAsync();
        var stored = await ReadObjectAsync(video.StorageKey);
        Assert.Equal(length, stored.Length);
        Assert.Equal(FakeVideoStream.Sha256Of(length), Convert.ToHexStringLower(SHA256.HashData(stored)));
        Assert.Equal(video.Sha256, Convert.ToHexStringLower(SHA256.HashData(stored)));

        var metadata = await _s3.GetObjectMetadataAsync(Bucket, video.StorageKey);
        Assert.Equal("video/mp4", metadata.Headers.ContentType);

        var pool = _server.Services.GetRequiredService<PartBufferPool>();
        Assert.True(pool.HighWaterMark <= 15 * MiB, $"the pool peaked at {pool.HighWaterMark} bytes");
    }

    [Fact]
    public async Task A_Client_That_Disconnects_Leaves_No_Object_And_No_Open_Multipart_Upload()
    {
        await FormUploadTests.SendAndDropAsync(_client, new FakeVideoStream(64L * MiB, throwAfter: 17L * MiB));

        // The parts the server sent name the key and the upload id.
        await FormUploadTests.WaitUntilAsync(() => _recorder.Requests.Any(r => r.Method == "DELETE"));
        var part = _recorder.Requests.First(r => r.PartNumber is not null);
        var key = Uri.UnescapeDataString(part.Uri.AbsolutePath.TrimStart('/')[(Bucket.Length + 1)..]);
        var uploadId = System.Web.HttpUtility.ParseQueryString(part.Uri.Query)["uploadId"]!;

        Assert.Contains(_recorder.Requests, r => r.Method == "DELETE" && r.Uri.Query.Contains(uploadId, StringComparison.Ordinal));
        var noObject = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(Bucket, key));
        Assert.Equal(HttpStatusCode.NotFound, noObject.StatusCode);
        Assert.Equal("NoSuchUpload", await _fauxqs.UploadPartErrorCodeAsync(Bucket, key, uploadId));
    }

    [Fact]
    public async Task Over_The_Maximum_Aborts_The_Multipart_Upload()
    {
        using var form = UploadClient.Form(new FakeVideoStream(400L * MiB));
        var answer = await RawHttpClient.PostAsync(_server.BaseAddress, "/api/videos", form.Headers.ContentType!.ToString(), await form.ReadAsStreamAsync());

        Assert.Equal(413, answer.StatusCode);
        await FormUploadTests.WaitUntilAsync(() => _recorder.Requests.Any(r => r.Method == "DELETE"));
        var uploadIds = _recorder.Requests.Where(r => r.PartNumber is not null)
            .Select(r => System.Web.HttpUtility.ParseQueryString(r.Uri.Query)["uploadId"]).Distinct().ToList();
        Assert.Single(uploadIds);
        Assert.Contains(_recorder.Requests, r => r.Method == "DELETE" && r.Uri.Query.Contains(uploadIds[0]!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_Reports_S3()
    {
        using var response = await _client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"storageProvider\":\"S3\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
