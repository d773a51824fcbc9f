namespace Sage.Storage.Tests;

public sealed class FileSystemObjectStoreTests : ObjectStoreContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sage-storage-" + Guid.NewGuid().ToString("N"));
    private readonly FileSystemObjectStore _store;

    public FileSystemObjectStoreTests()
    {
        _store = new FileSystemObjectStore(_root);
    }

    protected override IObjectStore Store => _store;

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
    }

    protected override async Task AssertUploadGoneAsync(MultipartUpload upload)
    {
        await base.AssertUploadGoneAsync(upload);
        Assert.DoesNotContain(upload.UploadId, _store.ListOpenUploadIds());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "multipart"), upload.UploadId + "*"));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("videos/../../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("videos\\..\\..\\outside")]
    [InlineData("videos/\u0000/x")]
    [InlineData("..")]
    public async Task Keys_That_Would_Escape_The_Root_Are_Refused_Everywhere(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutObjectAsync(key, new MemoryStream([1]), Metadata(), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.GetObjectAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.OpenReadAsync(key, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteObjectAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.CreateMultipartUploadAsync(key, Metadata(), PartSize, CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(_root, "outside")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_root)!, "outside")));
    }

    [Theory]
    [InlineData("../../objects/videos/x")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("0123456789abcdef0123456789ABCDEF")]
    [InlineData("")]
    public async Task Upload_Ids_That_Are_Not_Ours_Are_Refused(string uploadId)
    {
        var upload = new MultipartUpload("videos/x/y.mp4", uploadId, PartSize);

        await Assert.ThrowsAsync<NoSuchUploadException>(() => _store.UploadPartAsync(upload, 1, new byte[1], CancellationToken.None));
        await Assert.ThrowsAsync<NoSuchUploadException>(() => _store.CompleteMultipartUploadAsync(upload, [new UploadedPart(1, "\"x\"", 1)], CancellationToken.None));
        await Assert.ThrowsAsync<NoSuchUploadException>(() => _store.AbortMultipartUploadAsync(upload, CancellationToken.None));
    }

    [Fact]
    public async Task Objects_Are_Plain_Files_Under_The_Root()
    {
        var key = NewKey("a b.mp4");
        await _store.PutObjectAsync(key, new MemoryStream([1, 2, 3]), Metadata(), CancellationToken.None);

        var path = _store.GetObjectPath(key);

        Assert.StartsWith(Path.Combine(_root, "objects") + Path.DirectorySeparatorChar, path, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(path));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "multipart"))); // no temp file left
    }

    [Fact]
    public async Task Completing_Refuses_A_Part_List_S3_Would_Refuse()
    {
        var upload = await _store.CreateMultipartUploadAsync(NewKey(), Metadata(), PartSize, CancellationToken.None);
        var first = await _store.UploadPartAsync(upload, 1, new byte[100], CancellationToken.None);
        var second = await _store.UploadPartAsync(upload, 2, new byte[100], CancellationToken.None);

        // Part 1 is short but not last.
        await Assert.ThrowsAsync<ArgumentException>(() => _store.CompleteMultipartUploadAsync(upload, [first, second], CancellationToken.None));

        // A gap.
        await Assert.ThrowsAsync<ArgumentException>(() => _store.CompleteMultipartUploadAsync(upload, [second], CancellationToken.None));
        await _store.AbortMultipartUploadAsync(upload, CancellationToken.None);
    }

    [Fact]
    public async Task There_Are_No_Presigned_Urls()
    {
        Assert.Null(await _store.GetPresignedReadUrlAsync("videos/x", TimeSpan.FromHours(1), CancellationToken.None));
    }
}
