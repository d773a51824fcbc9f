namespace Sage.Storage;

/// <summary>Where stored objects live.</summary>
public enum StorageProvider
{
    /// <summary>Under the data directory (the default: nothing to set up).</summary>
    FileSystem,

    /// <summary>An S3 bucket, on AWS or any S3-compatible service.</summary>
    S3,
}
