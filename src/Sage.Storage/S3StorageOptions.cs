using System.ComponentModel.DataAnnotations;

namespace Sage.Storage;

/// <summary>The "Sage:Storage:S3" configuration section, read when the provider is S3.</summary>
public sealed class S3StorageOptions : IValidatableObject
{
    [Required]
    public string? BucketName { get; set; }

    [Required]
    public string Region { get; set; } = "us-east-1";

    /// <summary>An S3-compatible endpoint (MinIO, R2, fauxqs...); empty for AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>bucket in the path rather than the host name (most S3-compatible services want this).</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Optional; without it the standard AWS credential chain (environment, profile, instance role) is used.</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>
    /// For S3-compatible services that reject the newer integrity headers: checksums only when an
    /// operation requires them, no aws-chunked bodies, and Content-MD5 on parts instead of SHA-256.
    /// </summary>
    public bool CompatibilityMode { get; set; }

    /// <summary>Lifetime of presigned GET URLs (SigV4 allows at most 7 days).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan PresignedUrlExpiry { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long one S3 request (one try) may take before it is given up: a hanging store fails in bounded time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(ServiceUrl)
            && (!Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult($"ServiceUrl '{ServiceUrl}' is not an absolute http(s) URL.", [nameof(ServiceUrl)]);
        }

        if (string.IsNullOrEmpty(AccessKeyId) != string.IsNullOrEmpty(SecretAccessKey))
        {
            yield return new ValidationResult(
                "Set both AccessKeyId and SecretAccessKey, or neither (to use the AWS credential chain).",
                [nameof(AccessKeyId), nameof(SecretAccessKey)]);
        }
    }
}
