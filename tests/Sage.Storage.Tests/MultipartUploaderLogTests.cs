using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sage.Storage.Tests;

public sealed class MultipartUploaderLogTests : IDisposable
{
    private const int PartSize = 5 * 1024 * 1024;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sage-storage-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task An_Upload_Logs_Its_Start_Each_Part_Retries_And_Its_Finish()
    {
        var store = new InstrumentedObjectStore(new FileSystemObjectStore(_root))
        {
            BeforePart = (part, attempt, _) => part == 2 && attempt == 1 ? throw new IOException("injected") : Task.CompletedTask,
        };
        var logger = new ListLogger<MultipartUploader>();
        var uploader = new MultipartUploader(
            store, new PartBufferPool(64L * 1024 * 1024), Options.Create(new StorageOptions { PartSize = PartSize }), logger);
        using var source = new PatternStream(PartSize + 100);

        await uploader.UploadAsync(source, "videos/x/video.mp4", new ObjectMetadata("video.mp4", "video/mp4", DateTimeOffset.UtcNow), null, CancellationToken.None);

        var lines = logger.Entries.ToList();
        Assert.Contains(lines, l => l.Message.StartsWith("Starting streaming FileSystem upload for video.mp4", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Message == "Uploading part 1 for video.mp4 (5242880 bytes)");
        Assert.Contains(lines, l => l.Message == "Uploading part 2 for video.mp4 (100 bytes)");
        Assert.Contains(lines, l => l.Level == LogLevel.Warning && l.Message.StartsWith("Part 2 of videos/x/video.mp4 failed on attempt 1 of 3", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Message.StartsWith("File uploaded to FileSystem: videos/x/video.mp4 (5242980 bytes in 2 parts, ", StringComparison.Ordinal)
            && l.Message.EndsWith(" MB/s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Failed_Upload_Logs_The_Cause_And_The_Abort()
    {
        var store = new InstrumentedObjectStore(new FileSystemObjectStore(_root))
        {
            BeforePart = (_, _, _) => throw new InvalidOperationException("injected 403"),
        };
        var logger = new ListLogger<MultipartUploader>();
        var uploader = new MultipartUploader(store, new PartBufferPool(64L * 1024 * 1024), Options.Create(new StorageOptions()), logger);

        await Assert.ThrowsAsync<InvalidOperationException>(() => uploader.UploadAsync(
            new PatternStream(10), "videos/x/video.mp4", new ObjectMetadata("video.mp4", "video/mp4", DateTimeOffset.UtcNow), 10, CancellationToken.None));

        var error = Assert.Single(logger.Entries, l => l.Level == LogLevel.Error);
        Assert.StartsWith("Failed to upload video.mp4 to videos/x/video.mp4; aborting multipart upload ", error.Message, StringComparison.Ordinal);
    }
}
