using System.Security.Cryptography;

namespace Sage.Server.Uploads.Tus;

/// <summary>
/// The SHA-256 of each upload, computed as its bytes stream through PATCH requests in this process.
/// .NET cannot save a hash's state, so it lives in memory only: after a restart, a failed PATCH or a
/// take-over, the upload's hash is dropped and completion reads the stored object back once instead.
/// </summary>
/// <remarks>
/// A PATCH hands its hash back still settling (the last blocks of its body being hashed on another
/// core, <see cref="OffloadedHash"/>), so its answer need not wait for that; the next PATCH, or the
/// completion, waits for it instead, which by then has mostly happened during the round trip.
/// </remarks>
public sealed class TusContentHashes : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Entry> _entries = [];

    /// <summary>
    /// The running hash for an upload at <paramref name="offset"/>, taken out for one PATCH; null when
    /// this process has not hashed every byte before the offset. Give it back with <see cref="Return"/>.
    /// </summary>
    public async Task<IncrementalHash?> TakeAsync(Guid id, long offset)
    {
        Entry? entry;
        lock (_gate)
        {
            _entries.Remove(id, out entry);
        }

        if (entry is null)
        {
            return offset == 0 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        }

        var hash = await entry.Hash.ConfigureAwait(false);
        if (entry.Bytes == offset)
        {
            return hash;
        }

        hash?.Dispose();
        return null;
    }

    /// <summary>
    /// Keeps the hash after a PATCH that committed every byte it hashed; the upload is at <paramref name="offset"/>.
    /// <paramref name="settling"/> gives the hash once every byte is in it, or null if hashing failed.
    /// </summary>
    public void Return(Guid id, Task<IncrementalHash?> settling, long offset)
    {
        ArgumentNullException.ThrowIfNull(settling);
        Entry? stale;
        lock (_gate)
        {
            _entries.Remove(id, out stale);
            _entries[id] = new Entry(settling, offset);
        }

        DisposeWhenSettled(stale);
    }

    /// <summary>The finished hash (lower-case hex) when it covers exactly <paramref name="length"/> bytes, else null.</summary>
    public async Task<string?> FinishAsync(Guid id, long length)
    {
        Entry? entry;
        lock (_gate)
        {
            _entries.Remove(id, out entry);
        }

        if (entry is null || await entry.Hash.ConfigureAwait(false) is not { } hash)
        {
            return null;
        }

        using (hash)
        {
            return entry.Bytes == length ? Convert.ToHexStringLower(hash.GetHashAndReset()) : null;
        }
    }

    public void Forget(Guid id)
    {
        Entry? entry;
        lock (_gate)
        {
            _entries.Remove(id, out entry);
        }

        DisposeWhenSettled(entry);
    }

    public void Dispose()
    {
        List<Entry> entries;
        lock (_gate)
        {
            entries = [.. _entries.Values];
            _entries.Clear();
        }

        entries.ForEach(DisposeWhenSettled);
    }

    private static void DisposeWhenSettled(Entry? entry) =>
        entry?.Hash.ContinueWith(settled => settled.Result?.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);

    private sealed record Entry(Task<IncrementalHash?> Hash, long Bytes);
}
