namespace Sage.Server.Infrastructure;

/// <summary>
/// Secrets at rest (the database, the Data Protection key ring) are readable by the service's own user only:
/// files 0600, directories 0700. Created that way, and tightened when an older install left them wider.
/// Windows has no Unix modes; there the data directory's ACL applies.
/// </summary>
public static class OwnerOnlyFiles
{
    public const UnixFileMode FileBits = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode DirectoryBits = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the file empty when it is missing (SQLite then opens it as a new database), else tightens it.</summary>
    public static void EnsureFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!File.Exists(path))
        {
            using var created = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileBits });
        }

        Tighten(path, FileBits);
    }

    public static DirectoryInfo EnsureDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path);
        }

        var directory = Directory.CreateDirectory(path, DirectoryBits);
        Tighten(path, DirectoryBits);
        return directory;
    }

    /// <summary>Removes any group or other bit the entry has.</summary>
    public static void Tighten(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var current = File.GetUnixFileMode(path);
        if ((current & ~mode) != 0)
        {
            File.SetUnixFileMode(path, current & mode);
        }
    }
}
