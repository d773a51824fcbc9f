using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace Sage.Storage;

/// <summary>
/// Objects as files under the data directory: <c>objects/&lt;key&gt;</c>, with their metadata as JSON
/// under <c>objects-metadata/&lt;key&gt;.json</c>. An open multipart upload is one sparse file under
/// <c>multipart/</c> that parts are written into at their offsets; completing it is an fsync and an
/// atomic rename, so a reader never sees a half-written object.
/// </summary>
public sealed class FileSystemObjectStore : IInPlacePartStore
{
    private const string UploadDataExtension = ".data";
    private const string UploadManifestExtension = ".json";

    private readonly string _objectsRoot;
    private readonly string _metadataRoot;
    private readonly string _multipartRoot;

    public FileSystemObjectStore(IOptions<FileSystemStoreOptions> options)
        : this(options.Value.RootDirectory)
    {
    }

    public FileSystemObjectStore(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        var root = Path.GetFullPath(rootDirectory);
        _objectsRoot = Path.Combine(root, "objects");
        _metadataRoot = Path.Combine(root, "objects-metadata");
        _multipartRoot = Path.Combine(root, "multipart");
        Directory.CreateDirectory(_objectsRoot);
        Directory.CreateDirectory(_metadataRoot);
        Directory.CreateDirectory(_multipartRoot);
    }

    public string Provider => "FileSystem";

    public long? AvailableBytes => new DriveInfo(_multipartRoot).AvailableFreeSpace;

    /// <summary>Where the object with this key is (or would be) stored.</summary>
    public string GetObjectPath(string key) => ResolveUnder(_objectsRoot, key, "");

    public string? LocalPathOf(string key) => GetObjectPath(key);

    public async Task<MultipartUpload> CreateMultipartUploadAsync(string key, ObjectMetadata metadata, long partSize, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        ArgumentNullException.ThrowIfNull(metadata);
        ValidatePartSize(partSize);

        var uploadId = Guid.NewGuid().ToString("N");
        await using (File.Create(UploadDataPath(uploadId)).ConfigureAwait(false))
        {
        }

        var manifest = new FileSystemUploadManifest(key, partSize, metadata);
        await File.WriteAllBytesAsync(
            UploadManifestPath(uploadId),
            JsonSerializer.SerializeToUtf8Bytes(manifest, StorageJsonContext.Default.FileSystemUploadManifest),
            cancellationToken).ConfigureAwait(false);
        return new MultipartUpload(key, uploadId, partSize);
    }

    public async Task<UploadedPart> UploadPartAsync(MultipartUpload upload, int partNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var part = OpenPart(upload, partNumber);
        await part.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        return part.Complete();
    }

    public IInPlacePart OpenPart(MultipartUpload upload, int partNumber)
    {
        ValidatePart(upload, partNumber, 0, nameof(partNumber));
        try
        {
            var handle = File.OpenHandle(
                UploadDataPath(upload.UploadId), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
            return new InPlacePart(handle, upload, partNumber);
        }
        catch (FileNotFoundException e)
        {
            throw new NoSuchUploadException($"No multipart upload {upload.UploadId}.", e);
        }
    }

    public void CutBack(MultipartUpload upload, long length)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ValidateUploadId(upload.UploadId);
        try
        {
            using var handle = File.OpenHandle(UploadDataPath(upload.UploadId), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            if (RandomAccess.GetLength(handle) > length)
            {
                RandomAccess.SetLength(handle, length);
            }
        }
        catch (FileNotFoundException)
        {
        }
    }

    /// <summary>
    /// A part written at its offset in the upload's file through one handle. The bytes never leave this
    /// process, so there is nothing for a cryptographic checksum to verify: the part only needs a content
    /// tag. XXH128 costs a tenth of a second SHA-256 pass (which the upload already makes of the whole
    /// file), and it is taken piece by piece after each write, off the reading path. S3 quotes its ETags;
    /// this one is the part's XXH128, in hex.
    /// </summary>
    private sealed class InPlacePart(SafeFileHandle handle, MultipartUpload upload, int partNumber) : IInPlacePart
    {
        private readonly XxHash128 _tag = new();
        private readonly long _partStart = (partNumber - 1) * upload.PartSize;

        public long BytesWritten { get; private set; }

        public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            ValidatePart(upload, partNumber, BytesWritten + bytes.Length, nameof(bytes));
            await RandomAccess.WriteAsync(handle, bytes, _partStart + BytesWritten, cancellationToken).ConfigureAwait(false);
            _tag.Append(bytes.Span);
            BytesWritten += bytes.Length;
        }

        public async Task ResumeAsync(Memory<byte> into, CancellationToken cancellationToken)
        {
            if (BytesWritten != 0)
            {
                throw new InvalidOperationException("A part resumes before anything else is written to it.");
            }

            ValidatePart(upload, partNumber, into.Length, nameof(into));
            var read = 0;
            while (read < into.Length)
            {
                var got = await RandomAccess.ReadAsync(handle, into[read..], _partStart + read, cancellationToken).ConfigureAwait(false);
                if (got == 0)
                {
                    throw new IOException($"Part {partNumber} of upload {upload.UploadId} holds {read} bytes; {into.Length} were kept.");
                }

                read += got;
            }

            _tag.Append(into.Span);
            BytesWritten = into.Length;
        }

        public UploadedPart Complete()
        {
            var tag = _tag.GetCurrentHash();
            return new UploadedPart(partNumber, "\"" + Convert.ToHexStringLower(tag) + "\"", BytesWritten, Convert.ToBase64String(tag));
        }

        public void Dispose() => handle.Dispose();
    }

    private static void ValidatePart(MultipartUpload upload, int partNumber, long endInPart, string bytesParameter)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ValidateUploadId(upload.UploadId);
        ArgumentOutOfRangeException.ThrowIfLessThan(partNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partNumber, StorageOptions.MaxParts);
        if (endInPart > upload.PartSize)
        {
            throw new ArgumentException($"Part {partNumber} would have {endInPart} bytes, more than the upload's part size {upload.PartSize}.", bytesParameter);
        }
    }

    public async Task CompleteMultipartUploadAsync(MultipartUpload upload, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(parts);
        ValidateUploadId(upload.UploadId);
        var manifest = await ReadManifestAsync(upload.UploadId, cancellationToken).ConfigureAwait(false);
        if (manifest.Key != upload.Key || manifest.PartSize != upload.PartSize)
        {
            throw new ArgumentException($"Multipart upload {upload.UploadId} belongs to another key or part size.", nameof(upload));
        }

        var length = ValidatePartList(upload, parts);
        var dataPath = UploadDataPath(upload.UploadId);
        using (var handle = File.OpenHandle(dataPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
        {
            if (RandomAccess.GetLength(handle) < length)
            {
                throw new InvalidOperationException($"Multipart upload {upload.UploadId} is missing part data: expected {length} bytes.");
            }

            RandomAccess.SetLength(handle, length);
            RandomAccess.FlushToDisk(handle);
        }

        var objectPath = GetObjectPath(upload.Key);
        var metadataPath = MetadataPath(upload.Key);
        await WriteMetadataAsync(metadataPath, manifest.Metadata, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(objectPath)!);
        File.Move(dataPath, objectPath, overwrite: true);
        File.Delete(UploadManifestPath(upload.UploadId));
    }

    public Task AbortMultipartUploadAsync(MultipartUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ValidateUploadId(upload.UploadId);
        File.Delete(UploadDataPath(upload.UploadId));
        File.Delete(UploadManifestPath(upload.UploadId));
        return Task.CompletedTask;
    }

    public async Task PutObjectAsync(string key, Stream content, ObjectMetadata metadata, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(metadata);
        var temporaryPath = Path.Combine(_multipartRoot, "put-" + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            var file = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            var objectPath = GetObjectPath(key);
            await WriteMetadataAsync(MetadataPath(key), metadata, cancellationToken).ConfigureAwait(false);
            Directory.CreateDirectory(Path.GetDirectoryName(objectPath)!);
            File.Move(temporaryPath, objectPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporaryPath);
        }
    }

    public async Task<StoredObject?> GetObjectAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        var file = new FileInfo(GetObjectPath(key));
        if (!file.Exists)
        {
            return null;
        }

        ObjectMetadata? metadata = null;
        try
        {
            var json = await File.ReadAllBytesAsync(MetadataPath(key), cancellationToken).ConfigureAwait(false);
            metadata = JsonSerializer.Deserialize(json, StorageJsonContext.Default.ObjectMetadata);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            // An object without readable metadata is still an object.
        }

        var etag = "\"" + file.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "-"
            + file.LastWriteTimeUtc.Ticks.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\"";
        return new StoredObject(key, file.Length, metadata, etag);
    }

    public Task<Stream> OpenReadAsync(string key, ByteRange? range, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        FileStream file;
        try
        {
            file = new FileStream(GetObjectPath(key), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new FileNotFoundException($"No object '{key}'.", key, e);
        }

        if (range is not { } r)
        {
            return Task.FromResult<Stream>(file);
        }

        try
        {
            if (r.From < 0 || r.From >= file.Length || r.To < r.From)
            {
                throw new ArgumentOutOfRangeException(nameof(range), r, $"Range not satisfiable for an object of {file.Length} bytes.");
            }

            // As in HTTP, a range running past the end stops at the end.
            var to = Math.Min(r.To, file.Length - 1);
            file.Position = r.From;
            return Task.FromResult<Stream>(new BoundedReadStream(file, to - r.From + 1));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public Task DeleteObjectAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        var objectPath = GetObjectPath(key);
        var metadataPath = MetadataPath(key);
        DeleteIfPresent(objectPath);
        DeleteIfPresent(metadataPath);
        RemoveEmptyParents(objectPath, _objectsRoot);
        RemoveEmptyParents(metadataPath, _metadataRoot);
        return Task.CompletedTask;
    }

    /// <summary>A key's directories (videos/{id}/) exist only for its objects: once empty, they go too, up to the root.</summary>
    private static void RemoveEmptyParents(string path, string root)
    {
        var fullRoot = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        for (var dir = Path.GetDirectoryName(path); dir is not null && dir.Length > fullRoot.Length && dir.StartsWith(fullRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal); dir = Path.GetDirectoryName(dir))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(dir).Any())
                {
                    return;
                }

                Directory.Delete(dir);
            }
            catch (Exception e) when (e is IOException or DirectoryNotFoundException)
            {
                // Gone already, or a concurrent write filled it: either way it is not ours to remove.
                return;
            }
        }
    }

    public Task<Uri?> GetPresignedReadUrlAsync(string key, TimeSpan expiresIn, PresignedResponse? response, CancellationToken cancellationToken) =>
        Task.FromResult<Uri?>(null);

    public async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        // Proves the directory is still there and writable (a full or read-only disk fails here).
        var probe = Path.Combine(_multipartRoot, "health-" + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            await File.WriteAllBytesAsync(probe, [1], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(probe);
        }
    }

    /// <summary>
    /// Every upload with a data file or a manifest under <c>multipart/</c>, last written when the later of the two was:
    /// a killed form upload leaves both, a creation that failed on a full disk an empty data file and perhaps no manifest.
    /// </summary>
    public async Task<IReadOnlyList<OpenMultipartUpload>> ListMultipartUploadsAsync(string keyPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        var uploadIds = Directory.EnumerateFiles(_multipartRoot, "*" + UploadDataExtension)
            .Concat(Directory.EnumerateFiles(_multipartRoot, "*" + UploadManifestExtension))
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(IsUploadId)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var open = new List<OpenMultipartUpload>(uploadIds.Count);
        foreach (var uploadId in uploadIds)
        {
            var data = new FileInfo(UploadDataPath(uploadId));
            var manifest = new FileInfo(UploadManifestPath(uploadId));
            if (!data.Exists && !manifest.Exists)
            {
                continue; // completed or aborted since it was listed
            }

            var key = await ReadManifestKeyAsync(uploadId, cancellationToken).ConfigureAwait(false);
            if (key.Length > 0 && !key.StartsWith(keyPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var lastWritten = new[] { data, manifest }.Where(f => f.Exists).Max(f => f.LastWriteTimeUtc);
            open.Add(new OpenMultipartUpload(key, uploadId, new DateTimeOffset(lastWritten, TimeSpan.Zero)));
        }

        return open;
    }

    /// <summary>
    /// The temporaries of single writes: <c>multipart/put-*.tmp</c> (an object being put), <c>multipart/health-*.tmp</c>
    /// (a health probe) and <c>objects-metadata/**/*.tmp</c> (metadata being replaced). Each lives for one call, so age alone tells.
    /// </summary>
    public Task<IReadOnlyList<string>> DeleteScratchFilesAsync(DateTimeOffset writtenBefore, CancellationToken cancellationToken)
    {
        var deleted = new List<string>();
        var candidates = Directory.EnumerateFiles(_multipartRoot, "*.tmp")
            .Concat(Directory.EnumerateFiles(_metadataRoot, "*.tmp", SearchOption.AllDirectories));
        foreach (var path in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = new FileInfo(path);
            if (file.Exists && file.LastWriteTimeUtc < writtenBefore.UtcDateTime)
            {
                DeleteIfPresent(path);
                deleted.Add(Path.GetRelativePath(Path.GetDirectoryName(_multipartRoot)!, path));
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(deleted);
    }

    /// <summary>Multipart uploads not yet completed or aborted (for clean-up jobs and tests).</summary>
    public IReadOnlyList<string> ListOpenUploadIds() =>
        [.. Directory.EnumerateFiles(_multipartRoot, "*" + UploadDataExtension).Select(Path.GetFileNameWithoutExtension).OfType<string>()];

    internal static void ValidatePartSize(long partSize)
    {
        if (partSize is < StorageOptions.MinPartSize or > StorageOptions.MaxPartSize)
        {
            throw new ArgumentOutOfRangeException(nameof(partSize), partSize, "A part size must be between 5 MiB and 5 GiB, as in S3.");
        }
    }

    // Parts 1..N, each but the last exactly the part size: what S3 would accept, checked here too.
    internal static long ValidatePartList(MultipartUpload upload, IReadOnlyList<UploadedPart> parts)
    {
        if (parts.Count == 0)
        {
            throw new ArgumentException("A multipart upload needs at least one part.", nameof(parts));
        }

        var ordered = parts.OrderBy(p => p.PartNumber).ToList();
        long length = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            var part = ordered[i];
            if (part.PartNumber != i + 1)
            {
                throw new ArgumentException($"Parts must be numbered 1..{ordered.Count} without gaps; found {part.PartNumber} at position {i + 1}.", nameof(parts));
            }

            var isLast = i == ordered.Count - 1;
            if ((!isLast && part.Size != upload.PartSize) || part.Size <= 0 || part.Size > upload.PartSize)
            {
                throw new ArgumentException($"Part {part.PartNumber} has {part.Size} bytes; every part but the last must have exactly {upload.PartSize}.", nameof(parts));
            }

            length += part.Size;
        }

        return length;
    }

    private static void DeleteIfPresent(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Its directory is gone too: nothing to delete.
        }
    }

    // Our ids are 32 lower-case hex digits; anything else could name another file.
    private static bool IsUploadId(string uploadId) => uploadId is { Length: 32 } && uploadId.All(char.IsAsciiHexDigitLower);

    private static void ValidateUploadId(string uploadId)
    {
        if (!IsUploadId(uploadId))
        {
            throw new NoSuchUploadException($"No multipart upload '{uploadId}'.");
        }
    }

    private static string ResolveUnder(string root, string key, string suffix)
    {
        ObjectKeys.Validate(key);
        var path = Path.GetFullPath(Path.Combine(root, key + suffix));

        // Belt and braces after validation: whatever the key, the path stays under the root.
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Object key '{key}' escapes the store.", nameof(key));
        }

        return path;
    }

    private static async Task WriteMetadataAsync(string path, ObjectMetadata metadata, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporaryPath = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temporaryPath, JsonSerializer.SerializeToUtf8Bytes(metadata, StorageJsonContext.Default.ObjectMetadata), cancellationToken)
            .ConfigureAwait(false);
        File.Move(temporaryPath, path, overwrite: true);
    }

    private async Task<FileSystemUploadManifest> ReadManifestAsync(string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            var json = await File.ReadAllBytesAsync(UploadManifestPath(uploadId), cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize(json, StorageJsonContext.Default.FileSystemUploadManifest)
                ?? throw new NoSuchUploadException($"No multipart upload {uploadId}.");
        }
        catch (FileNotFoundException e)
        {
            throw new NoSuchUploadException($"No multipart upload {uploadId}.", e);
        }
    }

    /// <summary>The key in the upload's manifest; empty when there is no readable manifest.</summary>
    private async Task<string> ReadManifestKeyAsync(string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            return (await ReadManifestAsync(uploadId, cancellationToken).ConfigureAwait(false)).Key;
        }
        catch (Exception e) when (e is NoSuchUploadException or JsonException or IOException)
        {
            return "";
        }
    }

    private string MetadataPath(string key) => ResolveUnder(_metadataRoot, key, ".json");

    private string UploadDataPath(string uploadId) => Path.Combine(_multipartRoot, uploadId + UploadDataExtension);

    private string UploadManifestPath(string uploadId) => Path.Combine(_multipartRoot, uploadId + UploadManifestExtension);
}
