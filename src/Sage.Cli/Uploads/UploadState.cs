using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sage.Cli.Uploads;

/// <summary>
/// Where a file's unfinished upload is, kept under the state directory so the same command after a
/// kill goes on from the server's offset. The key is the path, size, mtime and SHA-256 of the first and
/// last MiB: a file changed in between gets a new upload, and hashing it whole is not needed to tell.
/// </summary>
public sealed class UploadState(string directory)
{
    private const int Edge = 1024 * 1024;

    public static async Task<string> KeyAsync(string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous))
        {
            var buffer = new byte[Edge];
            var read = await file.ReadAtLeastAsync(buffer, Edge, false, cancellationToken).ConfigureAwait(false);
            hash.AppendData(buffer, 0, read);
            if (info.Length > Edge)
            {
                file.Position = Math.Max(Edge, info.Length - Edge);
                read = await file.ReadAtLeastAsync(buffer, Edge, false, cancellationToken).ConfigureAwait(false);
                hash.AppendData(buffer, 0, read);
            }
        }

        var identity = string.Create(CultureInfo.InvariantCulture, $"{info.FullName}\n{info.Length}\n{info.LastWriteTimeUtc.Ticks}\n{Convert.ToHexStringLower(hash.GetHashAndReset())}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
    }

    public Uri? Find(string key)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var saved = JsonSerializer.Deserialize<SavedUpload>(File.ReadAllText(path));
            return saved?.Location is { } location && Uri.TryCreate(location, UriKind.Absolute, out var uri) ? uri : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(string key, Uri location, string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(key))!);
        var temporary = PathOf(key) + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new SavedUpload(location.ToString(), file)));
        File.Move(temporary, PathOf(key), overwrite: true);
    }

    public void Forget(string key) => File.Delete(PathOf(key));

    private string PathOf(string key) => Path.Combine(directory, "uploads", key + ".json");

    private sealed record SavedUpload(string Location, string File);
}
