using System.ComponentModel.DataAnnotations;

namespace Sage.Storage;

/// <summary>Where <see cref="FileSystemObjectStore"/> keeps its files: the server's data directory.</summary>
public sealed class FileSystemStoreOptions
{
    /// <summary>Objects go under &lt;RootDirectory&gt;/objects, open multipart uploads under &lt;RootDirectory&gt;/multipart.</summary>
    [Required]
    public string RootDirectory { get; set; } = "";
}
