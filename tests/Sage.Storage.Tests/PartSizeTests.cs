using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Sage.Storage.Tests;

public sealed class PartSizeTests
{
    private const long MiB = StorageOptions.MiB;
    private const long TenMiB = 10 * MiB;

    [Theory]
    [InlineData(null, TenMiB)]
    [InlineData(0L, TenMiB)]
    [InlineData(1L, TenMiB)]
    [InlineData(TenMiB * 10_000, TenMiB)] // exactly 10,000 parts
    [InlineData((TenMiB * 10_000) + 1, 11 * MiB)] // one byte more: grown, to a whole MiB
    [InlineData(1L << 40, 105 * MiB)] // 1 TiB
    [InlineData(StorageOptions.MaxObjectSize, 525 * MiB)] // 5 TiB
    public void Part_Size_Grows_So_No_Upload_Needs_More_Than_10000_Parts(long? declaredLength, long expected)
    {
        var partSize = MultipartUploader.PartSizeFor(declaredLength, TenMiB);

        Assert.Equal(expected, partSize);
        Assert.Equal(0, partSize % MiB);
        if (declaredLength is { } length)
        {
            Assert.InRange((length + partSize - 1) / partSize, 0, StorageOptions.MaxParts);
        }
    }

    [Fact]
    public void More_Than_5_TiB_Is_Too_Large()
    {
        Assert.Throws<ObjectTooLargeException>(() => MultipartUploader.PartSizeFor(StorageOptions.MaxObjectSize + 1, TenMiB));
    }

    [Fact]
    public void A_Grown_Part_Size_Beyond_The_Buffer_Budget_Is_Too_Large()
    {
        var root = Path.Combine(Path.GetTempPath(), "sage-storage-" + Guid.NewGuid().ToString("N"));
        try
        {
            var uploader = new MultipartUploader(
                new FileSystemObjectStore(root),
                new PartBufferPool(64 * MiB),
                Options.Create(new StorageOptions()),
                NullLogger<MultipartUploader>.Instance);

            Assert.Equal(TenMiB, uploader.PartSizeFor(100 * MiB));
            Assert.Equal(64 * MiB, uploader.PartSizeFor(64 * MiB * 10_000));
            var error = Assert.Throws<ObjectTooLargeException>(() => uploader.PartSizeFor(1L << 40));
            Assert.Contains("BufferBudgetBytes", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
