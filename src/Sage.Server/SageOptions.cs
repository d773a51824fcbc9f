using System.ComponentModel.DataAnnotations;

namespace Sage.Server;

/// <summary>The top-level <c>Sage</c> section. Feature sections (Storage, Media, ...) have options of their own.</summary>
public sealed class SageOptions
{
    public const string SectionName = "Sage";

    /// <summary>Where the database, the file store and the key ring live. Relative paths are taken from the working directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The largest video accepted by any upload route (default 50 GiB).</summary>
    [Range(1L, 5L * 1024 * 1024 * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024 * 1024;

    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);
}
