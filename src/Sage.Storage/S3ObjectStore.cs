using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace Sage.Storage;

/// <summary>
/// Objects in an S3 bucket (AWS or any S3-compatible service). Each part is sent with a checksum
/// computed from its in-memory buffer (SHA-256, or Content-MD5 in compatibility mode), in a plain
/// body with a Content-Length: no aws-chunked trailer, which many S3-compatible services reject.
/// </summary>
/// <remarks>
/// Part uploads go through a client with SDK retries switched off: <see cref="MultipartUploader"/>
/// owns their retries, so a failing part is not retried attempts × attempts times. Every other call
/// keeps the SDK's standard retries.
/// </remarks>
public sealed partial class S3ObjectStore : IObjectStore, IDisposable
{
    private const string OriginalFileNameKey = "original-filename";
    private const string UploadedAtKey = "uploaded-at";

    // S3 allows 2 KB of user metadata in all; the file name gets most of it.
    private const int MaxEncodedFileNameLength = 1900;

    private readonly S3StorageOptions _options;
    private readonly ILogger<S3ObjectStore> _logger;
    private readonly AmazonS3Client _client;
    private readonly AmazonS3Client _partClient;
    private readonly string _bucket;
    private readonly bool _useHttp;

    public S3ObjectStore(S3StorageOptions options, ILogger<S3ObjectStore> logger, HttpClientFactory? httpClientFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
        _bucket = options.BucketName ?? throw new ArgumentException("S3 BucketName is required.", nameof(options));
        _useHttp = options.ServiceUrl is { Length: > 0 } url && url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        _client = CreateClient(options, httpClientFactory, sdkRetries: true);
        _partClient = CreateClient(options, httpClientFactory, sdkRetries: false);
    }

    public string Provider => "S3";

    /// <summary>The bucket objects are stored in.</summary>
    public string BucketName => _bucket;

    /// <summary>The SDK client, for callers that need an S3 call this interface does not have.</summary>
    public IAmazonS3 Client => _client;

    public async Task<MultipartUpload> CreateMultipartUploadAsync(string key, ObjectMetadata metadata, long partSize, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        ArgumentNullException.ThrowIfNull(metadata);
        FileSystemObjectStore.ValidatePartSize(partSize);
        var request = new InitiateMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = key,
            ContentType = metadata.ContentType,
        };
        if (!_options.CompatibilityMode)
        {
            request.ChecksumAlgorithm = ChecksumAlgorithm.SHA256;
        }

        AddMetadata(request.Metadata, metadata);
        var response = await _client.InitiateMultipartUploadAsync(request, cancellationToken).ConfigureAwait(false);
        return new MultipartUpload(key, response.UploadId, partSize);
    }

    public async Task<UploadedPart> UploadPartAsync(MultipartUpload upload, int partNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentOutOfRangeException.ThrowIfLessThan(partNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partNumber, StorageOptions.MaxParts);

        var segment = MemoryMarshal.TryGetArray(content, out var array) ? array : new ArraySegment<byte>(content.ToArray());
        using var body = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false, publiclyVisible: true);
        var request = new UploadPartRequest
        {
            BucketName = _bucket,
            Key = upload.Key,
            UploadId = upload.UploadId,
            PartNumber = partNumber,
            InputStream = body,
            PartSize = content.Length,
            UseChunkEncoding = false,

            // Over TLS the checksum header protects the body; signing it too would hash every part twice.
            DisablePayloadSigning = !_useHttp,
        };

        string checksum;
        if (_options.CompatibilityMode)
        {
            checksum = ComputeMd5(content.Span);
            request.MD5Digest = checksum;
        }
        else
        {
            checksum = Convert.ToBase64String(SHA256.HashData(content.Span));
            request.ChecksumAlgorithm = ChecksumAlgorithm.SHA256;
            request.ChecksumSHA256 = checksum;
        }

        try
        {
            var response = await _partClient.UploadPartAsync(request, cancellationToken).ConfigureAwait(false);
            return new UploadedPart(partNumber, response.ETag, content.Length, checksum);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchUpload")
        {
            throw new NoSuchUploadException($"No multipart upload {upload.UploadId} for '{upload.Key}'.", e);
        }
    }

    public async Task CompleteMultipartUploadAsync(MultipartUpload upload, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(parts);
        FileSystemObjectStore.ValidatePartList(upload, parts);
        var request = new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = upload.Key,
            UploadId = upload.UploadId,
            PartETags = [.. parts.OrderBy(p => p.PartNumber).Select(ToPartETag)],
        };
        try
        {
            await _client.CompleteMultipartUploadAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchUpload")
        {
            throw new NoSuchUploadException($"No multipart upload {upload.UploadId} for '{upload.Key}'.", e);
        }
    }

    public async Task AbortMultipartUploadAsync(MultipartUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        try
        {
            await _client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = _bucket, Key = upload.Key, UploadId = upload.UploadId },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchUpload" || e.StatusCode == HttpStatusCode.NotFound)
        {
            LogAlreadyAborted(upload.UploadId, upload.Key);
        }
    }

    public async Task PutObjectAsync(string key, Stream content, ObjectMetadata metadata, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(metadata);

        // A plain body needs a known length; small objects (thumbnails, tus tails) are buffered for that.
        var body = content;
        if (!content.CanSeek)
        {
            body = new MemoryStream();
            await content.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
            body.Position = 0;
        }

        try
        {
            var request = new PutObjectRequest
            {
                BucketName = _bucket,
                Key = key,
                InputStream = body,
                ContentType = metadata.ContentType,
                UseChunkEncoding = false,
                AutoCloseStream = false,
                DisablePayloadSigning = !_useHttp,
            };
            AddMetadata(request.Metadata, metadata);
            await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!ReferenceEquals(body, content))
            {
                await body.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async Task<StoredObject?> GetObjectAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        try
        {
            var response = await _client.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = _bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            return new StoredObject(key, response.ContentLength, ReadMetadata(response.Metadata, response.Headers.ContentType, response.LastModified), response.ETag);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<Stream> OpenReadAsync(string key, ByteRange? range, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        var request = new GetObjectRequest { BucketName = _bucket, Key = key };
        if (range is { } r)
        {
            if (r.From < 0 || r.To < r.From)
            {
                throw new ArgumentOutOfRangeException(nameof(range), r, "Invalid byte range.");
            }

            request.ByteRange = new Amazon.S3.Model.ByteRange(r.From, r.To);
        }

        try
        {
            var response = await _client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new FileNotFoundException($"No object '{key}'.", key, e);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            throw new ArgumentOutOfRangeException($"Range {range} not satisfiable for '{key}'.", e);
        }
    }

    public async Task DeleteObjectAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = key }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Uri?> GetPresignedReadUrlAsync(string key, TimeSpan expiresIn, PresignedResponse? response, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow + expiresIn,

            // The SDK would write https even for an http endpoint, which then cannot be fetched.
            Protocol = _useHttp ? Protocol.HTTP : Protocol.HTTPS,
        };
        if (response is not null)
        {
            request.ResponseHeaderOverrides.ContentType = response.ContentType;
            request.ResponseHeaderOverrides.ContentDisposition = response.ContentDisposition;
        }

        var url = await _client.GetPreSignedURLAsync(request).ConfigureAwait(false);
        return new Uri(url);
    }

    /// <summary>ListMultipartUploads, page after page. S3 reports when an upload was started, not when a part last arrived.</summary>
    public async Task<IReadOnlyList<OpenMultipartUpload>> ListMultipartUploadsAsync(string keyPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        var open = new List<OpenMultipartUpload>();
        var request = new ListMultipartUploadsRequest { BucketName = _bucket, Prefix = keyPrefix };
        while (true)
        {
            var page = await _client.ListMultipartUploadsAsync(request, cancellationToken).ConfigureAwait(false);
            foreach (var upload in page.MultipartUploads ?? [])
            {
                var initiated = upload.Initiated is { } started ? new DateTimeOffset(started.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.UnixEpoch;
                open.Add(new OpenMultipartUpload(upload.Key, upload.UploadId, initiated));
            }

            if (page.IsTruncated != true)
            {
                return open;
            }

            request.KeyMarker = page.NextKeyMarker;
            request.UploadIdMarker = page.NextUploadIdMarker;
        }
    }

    public async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        await _client.HeadBucketAsync(new HeadBucketRequest { BucketName = _bucket }, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _client.Dispose();
        _partClient.Dispose();
    }

    private static AmazonS3Client CreateClient(S3StorageOptions options, HttpClientFactory? httpClientFactory, bool sdkRetries)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,

            // Per try; with the SDK's retries a call is bounded by about (retries + 1) × this.
            Timeout = options.RequestTimeout,
            ConnectTimeout = options.RequestTimeout,
        };
        if (sdkRetries)
        {
            config.MaxErrorRetry = 1;
        }

        if (!string.IsNullOrEmpty(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        if (options.CompatibilityMode)
        {
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }

        if (!sdkRetries)
        {
            config.MaxErrorRetry = 0;
        }

        if (httpClientFactory is not null)
        {
            config.HttpClientFactory = httpClientFactory;
        }

        return string.IsNullOrEmpty(options.AccessKeyId)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey), config);
    }

    // S3 metadata travels in HTTP headers, which are ASCII: the file name is percent-encoded UTF-8.
    private static void AddMetadata(MetadataCollection target, ObjectMetadata metadata)
    {
        target.Add(OriginalFileNameKey, EncodeFileName(metadata.OriginalFileName));
        target.Add(UploadedAtKey, metadata.UploadedAt.ToString("O", CultureInfo.InvariantCulture));
    }

    // Names too long for S3's metadata limit are cut on whole characters (the key has its own, shorter, name).
    private static string EncodeFileName(string fileName)
    {
        var encoded = Uri.EscapeDataString(fileName);
        if (encoded.Length <= MaxEncodedFileNameLength)
        {
            return encoded;
        }

        var builder = new System.Text.StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(fileName);
        while (elements.MoveNext())
        {
            var next = Uri.EscapeDataString(elements.GetTextElement());
            if (builder.Length + next.Length > MaxEncodedFileNameLength)
            {
                break;
            }

            builder.Append(next);
        }

        return builder.ToString();
    }

    private static ObjectMetadata? ReadMetadata(MetadataCollection metadata, string? contentType, DateTime? lastModified)
    {
        // An empty header value may not survive every S3 implementation, so "uploaded-at" marks our metadata.
        var encodedName = metadata[OriginalFileNameKey];
        if (string.IsNullOrEmpty(encodedName) && string.IsNullOrEmpty(metadata[UploadedAtKey]))
        {
            return null;
        }

        var uploadedAt = DateTimeOffset.TryParse(metadata[UploadedAtKey], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
            ? parsed
            : new DateTimeOffset(lastModified ?? DateTime.UnixEpoch);
        return new ObjectMetadata(Uri.UnescapeDataString(encodedName ?? ""), contentType ?? "application/octet-stream", uploadedAt);
    }

    private PartETag ToPartETag(UploadedPart part)
    {
        var tag = new PartETag(part.PartNumber, part.ETag);
        if (!_options.CompatibilityMode)
        {
            tag.ChecksumSHA256 = part.Checksum;
        }

        return tag;
    }

    // S3 only offers MD5 for Content-MD5; it is an integrity check here, not security.
#pragma warning disable CA5351
    private static string ComputeMd5(ReadOnlySpan<byte> content) => Convert.ToBase64String(MD5.HashData(content));
#pragma warning restore CA5351

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Multipart upload {UploadId} for {Key} was already gone when aborted")]
    private partial void LogAlreadyAborted(string uploadId, string key);
}
