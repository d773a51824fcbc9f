using Microsoft.Extensions.Options;
using Sage.Storage;

namespace Sage.Server.Uploads.Tus;

/// <summary>
/// Files under <c>&lt;DataDirectory&gt;/uploads/</c>: <c>{id}.pending</c> holds the bytes that do not yet
/// fill a multipart part on S3 (which wants 5 MiB for every part but the last; the file store keeps them in
/// place in the upload, see <see cref="MultipartUploader.UploadPartsInPlaceAsync"/>), <c>{id}.pending.next</c> the
/// next version while a PATCH runs, <c>{id}.chunk</c> a checksummed body until it is verified.
/// Never memory: a pending tail can be most of a part, and uploads wait for days.
/// </summary>
public sealed class TusPendingFiles
{
    private readonly string _directory;

    public TusPendingFiles(IOptions<SageOptions> options)
    {
        _directory = Path.Combine(options.Value.DataDirectoryFullPath, "uploads");
        Directory.CreateDirectory(_directory);
    }

    public string PendingPath(Guid id) => Path.Combine(_directory, id.ToString("N") + ".pending");

    public string NextPendingPath(Guid id) => PendingPath(id) + ".next";

    public string ChunkPath(Guid id) => Path.Combine(_directory, id.ToString("N") + ".chunk");

    /// <summary>
    /// Opens the pending file cut to <paramref name="pendingBytes"/>: the database is the truth, and a
    /// file that is longer was written by a request that died before it could record it.
    /// </summary>
    public FileStream OpenPending(Guid id, long pendingBytes)
    {
        var stream = new FileStream(PendingPath(id), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous);
        try
        {
            if (stream.Length < pendingBytes)
            {
                throw new InvalidOperationException($"The pending file of upload {id} has {stream.Length} bytes; the database says {pendingBytes}.");
            }

            if (stream.Length > pendingBytes)
            {
                stream.SetLength(pendingBytes);
            }

            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>True when the upload has a pending file (S3, or an upload begun before the file store kept its pending bytes in place).</summary>
    public bool HasPending(Guid id) => File.Exists(PendingPath(id));

    public FileStream CreateNextPending(Guid id) =>
        new(NextPendingPath(id), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);

    /// <summary>The next pending file becomes the pending file (atomically).</summary>
    public void PromoteNextPending(Guid id) => File.Move(NextPendingPath(id), PendingPath(id), overwrite: true);

    public FileStream CreateChunk(Guid id) =>
        new(ChunkPath(id), FileMode.Create, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.Asynchronous | FileOptions.DeleteOnClose);

    /// <summary>Every pending, next-pending and chunk file, with the upload its name belongs to; other files are not ours.</summary>
    public IReadOnlyList<TusFile> List()
    {
        var found = new List<TusFile>();
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            var name = Path.GetFileName(path);
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            var kind = dot < 0 ? null : name[dot..] switch
            {
                ".pending" or ".pending.next" => TusFile.PendingKind,
                ".chunk" => TusFile.ChunkKind,
                _ => null,
            };
            if (kind is not null && name[..dot].Length == 32 && Guid.TryParseExact(name[..dot], "N", out var id) && new FileInfo(path) is { Exists: true } file)
            {
                found.Add(new TusFile(id, path, kind, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)));
            }
        }

        return found;
    }

    public void Delete(TusFile file) => File.Delete(file.Path);

    public void DeleteAll(Guid id)
    {
        File.Delete(PendingPath(id));
        File.Delete(NextPendingPath(id));
        File.Delete(ChunkPath(id));
    }

    public void DeleteNextPending(Guid id) => File.Delete(NextPendingPath(id));

    public void DeletePending(Guid id) => File.Delete(PendingPath(id));
}
