using System.ComponentModel.DataAnnotations;

namespace Sage.Storage;

/// <summary>The "Sage:Storage" configuration section.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "Sage:Storage";

    public const long MiB = 1024 * 1024;

    /// <summary>S3's smallest part (every part but the last).</summary>
    public const long MinPartSize = 5 * MiB;

    /// <summary>S3's largest part.</summary>
    public const long MaxPartSize = 5L * 1024 * MiB;

    /// <summary>S3's largest object.</summary>
    public const long MaxObjectSize = 5L * 1024 * 1024 * MiB;

    /// <summary>S3's most parts in one multipart upload.</summary>
    public const int MaxParts = 10_000;

    public StorageProvider Provider { get; set; } = StorageProvider.FileSystem;

    /// <summary>Bytes per part; grown for uploads that would otherwise need more than 10,000 parts.</summary>
    [Range(MinPartSize, MaxPartSize)]
    public long PartSize { get; set; } = 10 * MiB;

    /// <summary>Parts of one upload sent at the same time.</summary>
    [Range(1, 64)]
    public int MaxPartsInFlight { get; set; } = 4;

    /// <summary>Bytes of part buffers the whole process may hold; uploads wait for room beyond it.</summary>
    [Range(MinPartSize, long.MaxValue)]
    public long BufferBudgetBytes { get; set; } = 64 * MiB;

    /// <summary>Tries per part, the first included, before an upload fails.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>File store: a tus creation longer than the free space minus this is refused at once (507).</summary>
    [Range(0, long.MaxValue)]
    public long FreeSpaceReserveBytes { get; set; } = 256 * MiB;

    public S3StorageOptions S3 { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PartSize > BufferBudgetBytes)
        {
            yield return new ValidationResult(
                $"PartSize ({PartSize} bytes) is larger than BufferBudgetBytes ({BufferBudgetBytes} bytes): no part could ever be buffered.",
                [nameof(PartSize), nameof(BufferBudgetBytes)]);
        }

        // Parts are buffered in one byte array each.
        if (PartSize > Array.MaxLength)
        {
            yield return new ValidationResult(
                $"PartSize ({PartSize} bytes) is larger than one in-memory buffer can be ({Array.MaxLength} bytes).",
                [nameof(PartSize)]);
        }

        if (Provider == StorageProvider.S3)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(S3, new ValidationContext(S3), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return new ValidationResult("S3: " + result.ErrorMessage, result.MemberNames.Select(m => "S3:" + m));
            }
        }
    }
}
