using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Sage.Storage.Tests;

/// <summary>The behaviour every <see cref="IObjectStore"/> shares, with the uploader on top; run once per store.</summary>
public abstract class ObjectStoreContractTests : IAsyncLifetime
{
    protected const int MiB = 1024 * 1024;
    protected const int PartSize = 5 * MiB;

    private readonly List<string> _keys = [];

    protected abstract IObjectStore Store { get; }

    protected static ObjectMetadata Metadata(string fileName = "clip.mp4") =>
        new(fileName, "video/mp4", new DateTimeOffset(2026, 11, 25, 12, 34, 56, 789, TimeSpan.FromHours(1)));

    protected string NewKey(string fileName = "clip.mp4")
    {
        var key = ObjectKeys.ForVideo(Guid.NewGuid(), fileName);
        _keys.Add(key);
        return key;
    }

    protected static (MultipartUploader Uploader, PartBufferPool Pool) CreateUploader(
        IObjectStore store, long budget = 64L * MiB, int maxPartsInFlight = 4, int maxAttempts = 3)
    {
        var options = new StorageOptions
        {
            PartSize = PartSize,
            BufferBudgetBytes = budget,
            MaxPartsInFlight = maxPartsInFlight,
            MaxAttempts = maxAttempts,
        };
        var pool = new PartBufferPool(budget);
        return (new MultipartUploader(store, pool, Options.Create(options), NullLogger<MultipartUploader>.Instance), pool);
    }

    protected async Task<byte[]> Sha256OfObjectAsync(string key, ByteRange? range = null)
    {
        var stream = await Store.OpenReadAsync(key, range, CancellationToken.None);
        await using (stream)
        {
            return await SHA256.HashDataAsync(stream);
        }
    }

    protected async Task<byte[]> ReadAllAsync(string key, ByteRange? range = null)
    {
        var stream = await Store.OpenReadAsync(key, range, CancellationToken.None);
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    /// <summary>The upload is gone from the store: no part can be added to it any more.</summary>
    protected virtual async Task AssertUploadGoneAsync(MultipartUpload upload)
    {
        await Assert.ThrowsAsync<NoSuchUploadException>(
            () => Store.UploadPartAsync(upload, 1, new byte[16], CancellationToken.None));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var key in _keys)
        {
            await Store.DeleteObjectAsync(key, CancellationToken.None);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(PartSize, 1)]
    [InlineData(PartSize + 1, 2)]
    [InlineData((3 * PartSize) - 7, 3)]
    public async Task Upload_Round_Trips_Byte_For_Byte(int length, int expectedParts)
    {
        var (uploader, pool) = CreateUploader(Store);
        var key = NewKey();
        using var source = new PatternStream(length, seed: length);

        var summary = await uploader.UploadAsync(source, key, Metadata(), length, CancellationToken.None);

        Assert.Equal(new UploadSummary(key, length, expectedParts, PartSize, summary.Duration), summary);
        Assert.Equal(source.Sha256, await Sha256OfObjectAsync(key));
        Assert.Equal(length, (await Store.GetObjectAsync(key, CancellationToken.None))!.Size);
        Assert.Equal(0, pool.BytesInUse);
    }

    [Fact]
    public async Task Upload_Of_Unknown_Length_Reads_To_The_End()
    {
        var (uploader, _) = CreateUploader(Store);
        var key = NewKey();
        using var source = new PatternStream((2 * PartSize) + 123);

        var summary = await uploader.UploadAsync(source, key, Metadata(), declaredLength: null, CancellationToken.None);

        Assert.Equal(3, summary.Parts);
        Assert.Equal(source.Sha256, await Sha256OfObjectAsync(key));
    }

    [Fact]
    public async Task Upload_Of_Many_Parts_Never_Rents_Beyond_A_Small_Budget_And_Makes_The_Reader_Wait()
    {
        // 21 parts through a budget of 3: parts in flight (4) would need more than the budget holds.
        const long length = (20L * PartSize) + 3;
        PartBufferPool? pool = null;
        var readerWaited = 0;
        var store = new InstrumentedObjectStore(Store)
        {
            // Every part is held until the reader is seen waiting for a buffer: back-pressure, observed rather
            // than timed. (Holding part 1 alone raced: a fast store returned the other buffers so quickly that
            // the reader never had to wait, and the test hung.)
            BeforePart = async (_, _, ct) =>
            {
                while (Volatile.Read(ref readerWaited) == 0)
                {
                    if (pool!.WaitingCount > 0)
                    {
                        Interlocked.Exchange(ref readerWaited, 1);
                        break;
                    }

                    await Task.Delay(1, ct);
                }
            },
        };
        (var uploader, pool) = CreateUploader(store, budget: 3L * PartSize, maxPartsInFlight: 4);
        var key = NewKey();
        using var source = new PatternStream(length, seed: 7);

        var summary = await uploader.UploadAsync(source, key, Metadata(), length, CancellationToken.None);

        Assert.Equal(21, summary.Parts);
        Assert.Equal(source.Sha256, await Sha256OfObjectAsync(key));
        Assert.InRange(pool.HighWaterMark, 2L * PartSize, 3L * PartSize);
        Assert.InRange(pool.BytesAllocated, 0, 3L * PartSize);
        Assert.True(pool.RentsDelayed > 0, "the reader never had to wait for a buffer");
        Assert.Equal(0, pool.BytesInUse);
    }

    [Fact]
    public async Task A_Part_That_Fails_Once_Is_Retried_And_The_Upload_Succeeds()
    {
        var store = new InstrumentedObjectStore(Store)
        {
            BeforePart = (part, attempt, _) => part == 2 && attempt == 1
                ? throw new IOException("injected: connection reset")
                : Task.CompletedTask,
        };
        var (uploader, _) = CreateUploader(store);
        var key = NewKey();
        using var source = new PatternStream((2 * PartSize) + 10);

        await uploader.UploadAsync(source, key, Metadata(), null, CancellationToken.None);

        Assert.Equal(2, store.AttemptsForPart(2));
        Assert.Equal(source.Sha256, await Sha256OfObjectAsync(key));
    }

    [Fact]
    public async Task A_Part_That_Always_Fails_Aborts_The_Upload_After_MaxAttempts()
    {
        var store = new InstrumentedObjectStore(Store)
        {
            BeforePart = (part, _, _) => part == 2 ? throw new IOException("injected: always") : Task.CompletedTask,
        };
        var (uploader, pool) = CreateUploader(store, maxAttempts: 3);
        var key = NewKey();
        using var source = new PatternStream(4L * PartSize);

        var error = await Assert.ThrowsAsync<IOException>(() => uploader.UploadAsync(source, key, Metadata(), null, CancellationToken.None));

        Assert.Equal("injected: always", error.Message);
        Assert.Equal(3, store.AttemptsForPart(2));
        Assert.Null(await Store.GetObjectAsync(key, CancellationToken.None));
        await AssertUploadGoneAsync(Assert.Single(store.CreatedUploads));
        Assert.Equal(0, pool.BytesInUse);
    }

    [Fact]
    public async Task A_Permanent_Failure_Is_Not_Retried()
    {
        var store = new InstrumentedObjectStore(Store)
        {
            BeforePart = (part, _, _) => part == 1 ? throw new InvalidOperationException("injected: 400") : Task.CompletedTask,
        };
        var (uploader, _) = CreateUploader(store);
        using var source = new PatternStream(PartSize + 1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => uploader.UploadAsync(source, NewKey(), Metadata(), null, CancellationToken.None));

        Assert.Equal(1, store.AttemptsForPart(1));
        await AssertUploadGoneAsync(Assert.Single(store.CreatedUploads));
    }

    [Fact]
    public async Task A_Client_Disconnect_Mid_Upload_Leaves_No_Object_And_No_Open_Upload()
    {
        var store = new InstrumentedObjectStore(Store);
        var (uploader, pool) = CreateUploader(store);
        var key = NewKey();
        using var source = new PatternStream(10L * PartSize) { FailAfter = (2L * PartSize) + 100 };

        await Assert.ThrowsAsync<IOException>(() => uploader.UploadAsync(source, key, Metadata(), 10L * PartSize, CancellationToken.None));

        Assert.Null(await Store.GetObjectAsync(key, CancellationToken.None));
        await AssertUploadGoneAsync(Assert.Single(store.CreatedUploads));
        Assert.Equal(0, pool.BytesInUse);
    }

    [Fact]
    public async Task Cancelling_Mid_Upload_Leaves_No_Object_And_No_Open_Upload()
    {
        var store = new InstrumentedObjectStore(Store);
        var (uploader, pool) = CreateUploader(store);
        var key = NewKey();
        using var cancellation = new CancellationTokenSource();
        using var source = new PatternStream(10L * PartSize) { CancelAfter = ((3L * PartSize) + 5, cancellation) };

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => uploader.UploadAsync(source, key, Metadata(), null, cancellation.Token));

        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Null(await Store.GetObjectAsync(key, CancellationToken.None));
        await AssertUploadGoneAsync(Assert.Single(store.CreatedUploads));
        Assert.Equal(0, pool.BytesInUse);
    }

    [Fact]
    public async Task An_Empty_Source_Stores_Nothing_And_Throws_EmptyUploadException()
    {
        var store = new InstrumentedObjectStore(Store);
        var (uploader, _) = CreateUploader(store);
        var key = NewKey();

        await Assert.ThrowsAsync<EmptyUploadException>(() => uploader.UploadAsync(Stream.Null, key, Metadata(), null, CancellationToken.None));

        Assert.Null(await Store.GetObjectAsync(key, CancellationToken.None));
        await AssertUploadGoneAsync(Assert.Single(store.CreatedUploads));
    }

    [Fact]
    public async Task More_Than_5_TiB_Is_Refused_Before_Anything_Is_Read_Or_Created()
    {
        var store = new InstrumentedObjectStore(Store);
        var (uploader, _) = CreateUploader(store);

        await Assert.ThrowsAsync<ObjectTooLargeException>(() => uploader.UploadAsync(
            new UnreadableStream(), NewKey(), Metadata(), StorageOptions.MaxObjectSize + 1, CancellationToken.None));

        Assert.Empty(store.CreatedUploads);
    }

    [Fact]
    public async Task A_Part_Size_Beyond_The_Buffer_Budget_Is_Refused_Before_Anything_Is_Read()
    {
        var store = new InstrumentedObjectStore(Store);
        var (uploader, _) = CreateUploader(store, budget: 64L * MiB);

        // 1 TiB needs 105 MiB parts to stay within 10,000 parts.
        await Assert.ThrowsAsync<ObjectTooLargeException>(() => uploader.UploadAsync(
            new UnreadableStream(), NewKey(), Metadata(), 1L << 40, CancellationToken.None));

        Assert.Empty(store.CreatedUploads);
    }

    [Fact]
    public async Task Metadata_With_A_Non_Ascii_File_Name_Round_Trips()
    {
        const string fileName = "Ünïcødé 東京 🎬.mp4";
        var (uploader, _) = CreateUploader(Store);
        var key = NewKey(fileName);
        using var source = new PatternStream(1000);
        await uploader.UploadAsync(source, key, Metadata(fileName), 1000, CancellationToken.None);

        var stored = await Store.GetObjectAsync(key, CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal(Metadata(fileName), stored.Metadata);
        Assert.Equal(1000, stored.Size);
        Assert.False(string.IsNullOrEmpty(stored.ETag));
        Assert.EndsWith("/Ünïcødé 東京 🎬.mp4", key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutObject_Stores_Content_And_Metadata()
    {
        var key = NewKey("thumb ✓.jpg");
        var content = PatternStream.Bytes(70_000);
        var metadata = new ObjectMetadata("thumb ✓.jpg", "image/jpeg", DateTimeOffset.UnixEpoch.AddDays(20000));

        await Store.PutObjectAsync(key, new PatternStream(70_000), metadata, CancellationToken.None);

        Assert.Equal(content, await ReadAllAsync(key));
        Assert.Equal(metadata, (await Store.GetObjectAsync(key, CancellationToken.None))!.Metadata);
    }

    [Fact]
    public async Task Range_Reads_Return_Exactly_The_Inclusive_Range()
    {
        var key = NewKey();
        var content = PatternStream.Bytes(1000);
        await Store.PutObjectAsync(key, new MemoryStream(content), Metadata(), CancellationToken.None);

        Assert.Equal(content[10..20], await ReadAllAsync(key, new ByteRange(10, 19)));
        Assert.Equal(content[..1], await ReadAllAsync(key, new ByteRange(0, 0)));
        Assert.Equal(content[999..], await ReadAllAsync(key, new ByteRange(999, 999)));
        Assert.Equal(content[990..], await ReadAllAsync(key, new ByteRange(990, 5000))); // past the end stops at the end
        Assert.Equal(content, await ReadAllAsync(key));
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => Store.OpenReadAsync(key, new ByteRange(1000, 1010), CancellationToken.None));
    }

    [Fact]
    public async Task A_Missing_Object_Is_Null_Not_Found_On_Read_And_Deleting_It_Is_Fine()
    {
        var key = NewKey();

        Assert.Null(await Store.GetObjectAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<FileNotFoundException>(() => Store.OpenReadAsync(key, null, CancellationToken.None));
        await Store.DeleteObjectAsync(key, CancellationToken.None);
    }

    [Fact]
    public async Task Delete_Removes_The_Object()
    {
        var key = NewKey();
        await Store.PutObjectAsync(key, new MemoryStream([1, 2, 3]), Metadata(), CancellationToken.None);

        await Store.DeleteObjectAsync(key, CancellationToken.None);

        Assert.Null(await Store.GetObjectAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task Aborting_Twice_Is_Not_An_Error()
    {
        var upload = await Store.CreateMultipartUploadAsync(NewKey(), Metadata(), PartSize, CancellationToken.None);

        await Store.AbortMultipartUploadAsync(upload, CancellationToken.None);
        await Store.AbortMultipartUploadAsync(upload, CancellationToken.None);

        await AssertUploadGoneAsync(upload);
    }

    [Fact]
    public async Task The_Object_Appears_Only_When_The_Upload_Completes()
    {
        var key = NewKey();
        var upload = await Store.CreateMultipartUploadAsync(key, Metadata(), PartSize, CancellationToken.None);
        var part = await Store.UploadPartAsync(upload, 1, PatternStream.Bytes(100), CancellationToken.None);

        Assert.Null(await Store.GetObjectAsync(key, CancellationToken.None));
        Assert.Equal(100, part.Size);
        Assert.False(string.IsNullOrEmpty(part.Checksum));

        await Store.CompleteMultipartUploadAsync(upload, [part], CancellationToken.None);
        Assert.Equal(PatternStream.Bytes(100), await ReadAllAsync(key));
    }

    [Fact]
    public async Task UploadParts_Hands_Back_The_Trailing_Bytes_And_A_Later_Run_Finishes_The_Object()
    {
        // As tus does: a first PATCH of 12 MiB, then a final one of 6 MiB.
        var (uploader, _) = CreateUploader(Store);
        var key = NewKey();
        var content = PatternStream.Bytes(18 * MiB, seed: 3);
        var upload = await Store.CreateMultipartUploadAsync(key, Metadata(), PartSize, CancellationToken.None);
        var reported = new ReportedParts();

        using var tail = new MemoryStream();
        var first = await uploader.UploadPartsAsync(upload, new MemoryStream(content, 0, 12 * MiB), 1, sourceEndsObject: false, reported.Record, tail, CancellationToken.None);

        Assert.Equal([1, 2], first.Parts.Select(p => p.PartNumber));
        Assert.Equal(2L * PartSize, first.BytesUploaded);
        Assert.Equal(2 * MiB, first.RemainderBytes);
        Assert.Equal(3, first.NextPartNumber);
        Assert.Equal(content[(10 * MiB)..(12 * MiB)], tail.ToArray());

        var rest = new ConcatenatedStream(new MemoryStream(tail.ToArray()), new MemoryStream(content, 12 * MiB, 6 * MiB));
        var last = await uploader.UploadPartsAsync(upload, rest, first.NextPartNumber, sourceEndsObject: true, reported.Record, null, CancellationToken.None);

        Assert.Equal([3, 4], last.Parts.Select(p => p.PartNumber));
        Assert.Equal(0, last.RemainderBytes);
        Assert.Equal([1, 2, 3, 4], reported.Parts.Select(p => p.PartNumber).Order());

        await Store.CompleteMultipartUploadAsync(upload, reported.Parts, CancellationToken.None);
        Assert.Equal(SHA256.HashData(content), await Sha256OfObjectAsync(key));
    }

    [Fact]
    public async Task UploadParts_With_A_Whole_Number_Of_Parts_Leaves_No_Remainder()
    {
        var (uploader, _) = CreateUploader(Store);
        var upload = await Store.CreateMultipartUploadAsync(NewKey(), Metadata(), PartSize, CancellationToken.None);
        using var tail = new MemoryStream();

        var run = await uploader.UploadPartsAsync(upload, new PatternStream(2L * PartSize), 1, false, null, tail, CancellationToken.None);

        Assert.Equal(2, run.Parts.Count);
        Assert.Equal(0, run.RemainderBytes);
        Assert.Equal(0, tail.Length);
        await Store.AbortMultipartUploadAsync(upload, CancellationToken.None);
    }

    [Fact]
    public async Task UploadParts_Does_Not_Abort_The_Upload_When_A_Part_Fails()
    {
        var store = new InstrumentedObjectStore(Store)
        {
            BeforePart = (part, _, _) => part == 2 ? throw new IOException("injected") : Task.CompletedTask,
        };
        var (uploader, pool) = CreateUploader(store, maxAttempts: 2);
        var upload = await Store.CreateMultipartUploadAsync(NewKey(), Metadata(), PartSize, CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() =>
            uploader.UploadPartsAsync(upload, new PatternStream(3L * PartSize), 1, true, null, null, CancellationToken.None));

        // Still open: tus can resume it.
        var again = await Store.UploadPartAsync(upload, 2, new byte[PartSize], CancellationToken.None);
        Assert.Equal(2, again.PartNumber);
        Assert.Equal(0, pool.BytesInUse);
        await Store.AbortMultipartUploadAsync(upload, CancellationToken.None);
    }

    [Theory]
    [MemberData(nameof(ObjectKeysTests.HostileNames), MemberType = typeof(ObjectKeysTests))]
    public async Task Keys_From_Hostile_File_Names_Store_And_Read_Back(string hostileName)
    {
        var id = Guid.NewGuid();
        var key = ObjectKeys.ForVideo(id, hostileName);
        _keys.Add(key);

        await Store.PutObjectAsync(key, new MemoryStream([42]), Metadata(hostileName), CancellationToken.None);

        Assert.StartsWith($"videos/{id}/", key, StringComparison.Ordinal);
        Assert.Equal([42], await ReadAllAsync(key));
        var storedName = (await Store.GetObjectAsync(key, CancellationToken.None))!.Metadata!.OriginalFileName;
        if (Uri.EscapeDataString(hostileName).Length <= 1900)
        {
            Assert.Equal(hostileName, storedName);
        }
        else
        {
            // S3 holds 2 KB of metadata: a longer name is cut on whole characters.
            Assert.StartsWith(storedName, hostileName, StringComparison.Ordinal);
            Assert.NotEmpty(storedName);
        }
    }

    [Fact]
    public async Task Health_Check_Passes()
    {
        await Store.CheckHealthAsync(CancellationToken.None);
    }

    /// <summary>The parts an uploader reports, kept as tus keeps them (one call at a time, from any thread).</summary>
    protected sealed class ReportedParts
    {
        private readonly Lock _gate = new();
        private readonly List<UploadedPart> _parts = [];

        public IReadOnlyList<UploadedPart> Parts
        {
            get
            {
                lock (_gate)
                {
                    return [.. _parts];
                }
            }
        }

        public ValueTask Record(UploadedPart part, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                _parts.Add(part);
            }

            return ValueTask.CompletedTask;
        }
    }
}
