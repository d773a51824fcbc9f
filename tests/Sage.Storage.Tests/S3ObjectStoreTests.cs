using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Sage.Testing.Fauxqs;

namespace Sage.Storage.Tests;

[Collection(FauxqsCollectionDefinition.Name)]
public sealed class S3ObjectStoreTests(FauxqsFixture fauxqs) : ObjectStoreContractTests, IDisposable
{
    private readonly S3ObjectStore _store = new(
        fauxqs.Server.CreateS3Options(FauxqsFixture.BucketName), NullLogger<S3ObjectStore>.Instance);

    protected override IObjectStore Store => _store;

    public void Dispose() => _store.Dispose();

    protected override async Task AssertUploadGoneAsync(MultipartUpload upload)
    {
        await base.AssertUploadGoneAsync(upload);

        // And as S3 itself says it, to a client that is not the store's.
        Assert.Equal("NoSuchUpload", await fauxqs.Server.UploadPartErrorCodeAsync(FauxqsFixture.BucketName, upload.Key, upload.UploadId));
    }

    private (S3ObjectStore Store, FaultInjectingHandler Handler) CreateFaultyStore(bool compatibilityMode = false)
    {
        var handler = new FaultInjectingHandler(new SocketsHttpHandler());
        var store = new S3ObjectStore(
            fauxqs.Server.CreateS3Options(FauxqsFixture.BucketName, compatibilityMode),
            NullLogger<S3ObjectStore>.Instance,
            new S3HttpClientFactory(() => handler));
        return (store, handler);
    }

    [Theory]
    [InlineData(Fault.InternalError)]
    [InlineData(Fault.DropConnection)]
    public async Task A_Part_That_Fails_Once_On_The_Wire_Is_Retried_By_The_Uploader(Fault fault)
    {
        var (store, handler) = CreateFaultyStore();
        using var _ = store;
        handler.Decide = (request, attempt) =>
            FaultInjectingHandler.PartNumberOf(request) == 2 && attempt == 1 ? fault : Fault.None;
        var (uploader, _) = CreateUploader(store);
        var key = NewKey();
        using var source = new PatternStream((2 * PartSize) + 1);

        await uploader.UploadAsync(source, key, Metadata(), null, CancellationToken.None);

        Assert.Equal(2, handler.AttemptsForPart(2)); // once by the uploader's retry; the SDK's own retries are off for parts
        Assert.Equal(1, handler.AttemptsForPart(1));
        Assert.Equal(source.Sha256, await Sha256OfObjectAsync(key));
    }

    [Fact]
    public async Task A_Part_That_Always_Fails_On_The_Wire_Aborts_The_Upload()
    {
        var (store, handler) = CreateFaultyStore();
        using var _ = store;
        handler.Decide = (request, _) => FaultInjectingHandler.PartNumberOf(request) == 2 ? Fault.InternalError : Fault.None;
        var instrumented = new InstrumentedObjectStore(store);
        var (uploader, pool) = CreateUploader(instrumented, maxAttempts: 3);
        var key = NewKey();
        using var source = new PatternStream(3L * PartSize);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => uploader.UploadAsync(source, key, Metadata(), null, CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(3, handler.AttemptsForPart(2));
        Assert.Contains(handler.Requests, r => r.Method == "DELETE" && r.Uri.Query.Contains("uploadId=", StringComparison.Ordinal));
        Assert.Null(await Store.GetObjectAsync(key, CancellationToken.None));
        await AssertUploadGoneAsync(Assert.Single(instrumented.CreatedUploads));
        Assert.Equal(0, pool.BytesInUse);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Parts_Carry_A_Precomputed_Checksum_In_A_Plain_Body(bool compatibilityMode)
    {
        var (store, handler) = CreateFaultyStore(compatibilityMode);
        using var _ = store;
        var (uploader, _) = CreateUploader(store);
        var key = NewKey();
        using var source = new PatternStream(PartSize + 1);

        await uploader.UploadAsync(source, key, Metadata("Ünïcødé.mp4"), PartSize + 1, CancellationToken.None);

        var parts = handler.Requests.Where(r => r.PartNumber is not null).ToList();
        Assert.Equal(2, parts.Count);
        foreach (var part in parts)
        {
            Assert.False(part.Headers.TryGetValue("Content-Encoding", out var encoding) && encoding.Contains("aws-chunked", StringComparison.Ordinal));
            Assert.DoesNotContain(part.Headers.Keys, h => h.Equals("x-amz-trailer", StringComparison.OrdinalIgnoreCase));
            Assert.True(part.Headers.ContainsKey("Content-Length"));
            if (compatibilityMode)
            {
                Assert.True(part.Headers.ContainsKey("Content-MD5"));
                Assert.DoesNotContain(part.Headers.Keys, h => h.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase));
            }
            else
            {
                Assert.True(part.Headers.ContainsKey("x-amz-checksum-sha256"));
            }
        }

        Assert.Equal(source.Sha256, await Sha256OfObjectAsync(key));
        Assert.Equal("Ünïcødé.mp4", (await Store.GetObjectAsync(key, CancellationToken.None))!.Metadata!.OriginalFileName);
    }

    [Fact]
    public async Task Presigned_Urls_Are_Http_For_An_Http_Endpoint_And_Fetch_The_Object()
    {
        var key = NewKey("presigned 東京.mp4");
        var content = PatternStream.Bytes(5000);
        await _store.PutObjectAsync(key, new MemoryStream(content), Metadata(), CancellationToken.None);

        var url = await _store.GetPresignedReadUrlAsync(key, TimeSpan.FromMinutes(5), response: null, CancellationToken.None);

        Assert.NotNull(url);
        Assert.Equal(Uri.UriSchemeHttp, url.Scheme);
        Assert.Equal(fauxqs.Server.Port, url.Port);
        Assert.Contains("X-Amz-Signature=", url.Query, StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Equal(content, await http.GetByteArrayAsync(url));
    }

    [Fact]
    public async Task Health_Check_Fails_For_A_Missing_Bucket()
    {
        var options = fauxqs.Server.CreateS3Options("no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]);
        using var store = new S3ObjectStore(options, NullLogger<S3ObjectStore>.Instance);

        await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => store.CheckHealthAsync(CancellationToken.None));
    }
}
