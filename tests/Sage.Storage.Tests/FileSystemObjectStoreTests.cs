using System.Security.Cryptography;

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

    [Fact]
    public async Task Delete_Removes_The_Directories_It_Leaves_Empty()
    {
        await _store.PutObjectAsync("videos/a/b/clip.mp4", new MemoryStream([1]), Metadata(), CancellationToken.None);
        await _store.PutObjectAsync("videos/a/other.mp4", new MemoryStream([1]), Metadata(), CancellationToken.None);

        await _store.DeleteObjectAsync("videos/a/b/clip.mp4", CancellationToken.None);

        Assert.False(Directory.Exists(Path.Combine(_root, "objects", "videos", "a", "b")));
        Assert.False(Directory.Exists(Path.Combine(_root, "objects-metadata", "videos", "a", "b")));
        Assert.True(File.Exists(Path.Combine(_root, "objects", "videos", "a", "other.mp4")));

        await _store.DeleteObjectAsync("videos/a/other.mp4", CancellationToken.None);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root, "objects")));
        Assert.True(Directory.Exists(Path.Combine(_root, "objects")));
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
    public async Task Cutting_Back_Gives_Back_What_Lies_Past_The_Recorded_Length_And_Keeps_The_Rest()
    {
        var upload = await _store.CreateMultipartUploadAsync(NewKey(), Metadata(), PartSize, CancellationToken.None);
        var first = await _store.UploadPartAsync(upload, 1, Enumerable.Repeat((byte)7, (int)PartSize).ToArray(), CancellationToken.None);
        using (var unfinished = _store.OpenPart(upload, 2))
        {
            await unfinished.WriteAsync(new byte[1000], CancellationToken.None);
        }

        var data = Directory.GetFiles(_root, upload.UploadId + "*.data", SearchOption.AllDirectories).Single();
        Assert.Equal(PartSize + 1000, new FileInfo(data).Length);

        _store.CutBack(upload, PartSize);

        Assert.Equal(PartSize, new FileInfo(data).Length);
        var last = await _store.UploadPartAsync(upload, 2, new byte[10], CancellationToken.None);
        await _store.CompleteMultipartUploadAsync(upload, [first, last], CancellationToken.None);
        _store.CutBack(upload, 0); // completed: nothing left to cut, and no error
    }

    [Fact]
    public async Task There_Are_No_Presigned_Urls()
    {
        Assert.Null(await _store.GetPresignedReadUrlAsync("videos/x", TimeSpan.FromHours(1), response: null, CancellationToken.None));
    }
    [Fact]
    public async Task The_Uploader_Writes_A_Part_In_Place_While_The_Rest_Of_It_Is_Still_Arriving()
    {
        var (uploader, pool) = CreateUploader(_store);
        var key = NewKey();
        var content = RandomNumberGenerator.GetBytes(PartSize + MiB);
        var source = new GatedStream(content, gateAt: 3 * MiB);
        var upload = await _store.CreateMultipartUploadAsync(key, Metadata(), PartSize, CancellationToken.None);

        var run = uploader.UploadPartsAsync(upload, source, 1, sourceEndsObject: true, null, null, CancellationToken.None);
        await source.Held.WaitAsync(TimeSpan.FromSeconds(30));

        // Part 1 is 5 MiB and only 3 have come: its first MiB is in the upload's file already.
        var data = Path.Combine(_root, "multipart", upload.UploadId + ".data");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!StartsWith(data, content.AsSpan(0, MiB)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the first MiB of the part was not written while the part was incomplete");
            await Task.Delay(20);
        }

        Assert.False(run.IsCompleted);
        source.Release();
        var result = await run;
        await _store.CompleteMultipartUploadAsync(upload, result.Parts, CancellationToken.None);

        Assert.Equal(SHA256.HashData(content), await Sha256OfObjectAsync(key));
        Assert.Equal(0, pool.BytesInUse);
    }

    [Fact]
    public async Task A_Part_Cut_Off_Half_Written_Is_Not_Reported_And_The_Next_Run_Writes_All_Of_It()
    {
        var (uploader, pool) = CreateUploader(_store);
        var key = NewKey();
        var content = RandomNumberGenerator.GetBytes(2 * PartSize);
        var upload = await _store.CreateMultipartUploadAsync(key, Metadata(), PartSize, CancellationToken.None);
        var reported = new ReportedParts();
        await reported.Record(await _store.UploadPartAsync(upload, 1, content.AsMemory(0, PartSize), CancellationToken.None), CancellationToken.None);

        // Part 2 first arrives as other bytes (an earlier attempt) and breaks off 3 MiB in, after some of them are in place.
        var other = content[PartSize..];
        other.AsSpan().Reverse();
        var cut = new GatedStream(other, gateAt: 3 * MiB) { FailAtGate = true };
        await Assert.ThrowsAsync<IOException>(() => uploader.UploadPartsAsync(upload, cut, 2, sourceEndsObject: true, reported.Record, null, CancellationToken.None));

        Assert.Equal([1], reported.Parts.Select(p => p.PartNumber));
        Assert.Equal(0, pool.BytesInUse);

        var again = await uploader.UploadPartsAsync(upload, new MemoryStream(content, PartSize, PartSize), 2, sourceEndsObject: true, reported.Record, null, CancellationToken.None);
        await _store.CompleteMultipartUploadAsync(upload, reported.Parts, CancellationToken.None);

        Assert.Equal(2, Assert.Single(again.Parts).PartNumber);
        Assert.Equal(SHA256.HashData(content), await Sha256OfObjectAsync(key));
    }

    [Fact]
    public async Task A_Part_Written_In_Pieces_Is_Described_As_If_Uploaded_Whole()
    {
        var upload = await _store.CreateMultipartUploadAsync(NewKey(), Metadata(), PartSize, CancellationToken.None);
        var bytes = RandomNumberGenerator.GetBytes(3000);

        var whole = await _store.UploadPartAsync(upload, 1, bytes, CancellationToken.None);
        UploadedPart pieces;
        using (var part = _store.OpenPart(upload, 2))
        {
            await part.WriteAsync(bytes.AsMemory(0, 1000), CancellationToken.None);
            await part.WriteAsync(bytes.AsMemory(1000), CancellationToken.None);
            pieces = part.Complete();
        }

        Assert.Equal(2, pieces.PartNumber);
        Assert.Equal(whole.ETag, pieces.ETag);
        Assert.Equal(whole.Checksum, pieces.Checksum);
        Assert.Equal(3000, pieces.Size);
        await _store.AbortMultipartUploadAsync(upload, CancellationToken.None);
    }

    [Fact]
    public async Task A_Remainder_Kept_In_Place_Is_Resumed_By_The_Next_Run()
    {
        // As a tus PATCH does on the file store: 5 MiB parts, runs of 7, 2 and 4 MiB (the first two end inside part 2).
        var (uploader, pool) = CreateUploader(_store);
        var key = NewKey();
        var content = RandomNumberGenerator.GetBytes(13 * MiB);
        var upload = await _store.CreateMultipartUploadAsync(key, Metadata(), PartSize, CancellationToken.None);
        var reported = new ReportedParts();

        Assert.True(uploader.KeepsRemaindersInPlace);
        var first = await uploader.UploadPartsInPlaceAsync(upload, new MemoryStream(content, 0, 7 * MiB), 1, keptBytes: 0, sourceEndsObject: false, reported.Record, CancellationToken.None);

        Assert.Equal([1], first.Parts.Select(p => p.PartNumber));
        Assert.Equal(2 * MiB, first.RemainderBytes);
        var data = Path.Combine(_root, "multipart", upload.UploadId + ".data");
        Assert.Equal(content[..(7 * MiB)], (await File.ReadAllBytesAsync(data))[..(7 * MiB)]);

        var second = await uploader.UploadPartsInPlaceAsync(upload, new MemoryStream(content, 7 * MiB, 2 * MiB), 2, keptBytes: 2 * MiB, sourceEndsObject: false, reported.Record, CancellationToken.None);

        Assert.Empty(second.Parts);
        Assert.Equal(4 * MiB, second.RemainderBytes);

        var last = await uploader.UploadPartsInPlaceAsync(upload, new MemoryStream(content, 9 * MiB, 4 * MiB), 2, keptBytes: 4 * MiB, sourceEndsObject: true, reported.Record, CancellationToken.None);

        Assert.Equal([2, 3], last.Parts.Select(p => p.PartNumber));
        Assert.Equal(0, pool.BytesInUse);
        await _store.CompleteMultipartUploadAsync(upload, reported.Parts, CancellationToken.None);
        Assert.Equal(SHA256.HashData(content), await Sha256OfObjectAsync(key));

        // Part 2's tag covers all its bytes, the kept ones too: as if it had been uploaded whole.
        var other = await _store.CreateMultipartUploadAsync(NewKey(), Metadata(), PartSize, CancellationToken.None);
        var whole = await _store.UploadPartAsync(other, 2, content.AsMemory(PartSize, PartSize), CancellationToken.None);
        Assert.Equal(whole.ETag, Assert.Single(reported.Parts, p => p.PartNumber == 2).ETag);
        await _store.AbortMultipartUploadAsync(other, CancellationToken.None);
    }

    [Fact]
    public async Task Resuming_More_Kept_Bytes_Than_The_Store_Holds_Fails_Plainly()
    {
        var (uploader, pool) = CreateUploader(_store);
        var upload = await _store.CreateMultipartUploadAsync(NewKey(), Metadata(), PartSize, CancellationToken.None);

        var error = await Assert.ThrowsAsync<IOException>(() => uploader.UploadPartsInPlaceAsync(
            upload, new MemoryStream(new byte[10]), 1, keptBytes: MiB, sourceEndsObject: false, null, CancellationToken.None));

        Assert.Contains("holds 0 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, pool.BytesInUse);
        await _store.AbortMultipartUploadAsync(upload, CancellationToken.None);
    }

    [Fact]
    public async Task Only_An_In_Place_Store_Keeps_Remainders_In_Place()
    {
        var (uploader, _) = CreateUploader(new InstrumentedObjectStore(_store));
        var upload = new MultipartUpload("videos/x.mp4", Guid.NewGuid().ToString("N"), PartSize);

        Assert.False(uploader.KeepsRemaindersInPlace);
        await Assert.ThrowsAsync<InvalidOperationException>(() => uploader.UploadPartsInPlaceAsync(upload, Stream.Null, 1, 0, sourceEndsObject: false, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_Part_Takes_No_More_Than_The_Part_Size_And_Keeps_Its_Place()
    {
        var upload = await _store.CreateMultipartUploadAsync(NewKey(), Metadata(), PartSize, CancellationToken.None);
        using var part = _store.OpenPart(upload, 3);

        await part.WriteAsync(new byte[PartSize - 10], CancellationToken.None);
        await Assert.ThrowsAsync<ArgumentException>(() => part.WriteAsync(new byte[11], CancellationToken.None));

        Assert.Equal(PartSize - 10, part.BytesWritten);
        Assert.Throws<ArgumentOutOfRangeException>(() => _store.OpenPart(upload, 0));
        Assert.Throws<NoSuchUploadException>(() => _store.OpenPart(upload with { UploadId = Guid.NewGuid().ToString("N") }, 1));
        await _store.AbortMultipartUploadAsync(upload, CancellationToken.None);
    }

    private static bool StartsWith(string path, ReadOnlySpan<byte> expected)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var head = new byte[expected.Length];
        return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && expected.SequenceEqual(head);
    }

    /// <summary>Hands out its bytes 64 KiB at a time up to a gate, holds there until released (or fails there), then the rest.</summary>
    private sealed class GatedStream(byte[] content, int gateAt) : ReadOnlyStream
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _position;

        public bool FailAtGate { get; init; }

        public Task Held => _held.Task;

        public override long BytesRead => _position;

        public void Release() => _released.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == gateAt)
            {
                _held.TrySetResult();
                if (FailAtGate)
                {
                    throw new IOException("The client went away.");
                }

                await _released.Task.WaitAsync(cancellationToken);
            }

            var end = _position < gateAt ? gateAt : content.Length;
            var count = Math.Min(Math.Min(buffer.Length, 64 * 1024), end - _position);
            content.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }
    }
}
