using System.Text.Json.Serialization;

namespace Sage.Storage;

/// <summary>What <see cref="FileSystemObjectStore"/> keeps beside an open multipart upload.</summary>
internal sealed record FileSystemUploadManifest(string Key, long PartSize, ObjectMetadata Metadata);

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(ObjectMetadata))]
[JsonSerializable(typeof(FileSystemUploadManifest))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
