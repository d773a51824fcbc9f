using System.Security.Cryptography;

namespace Sage.Server.Uploads.Tus;

/// <summary>
/// The SHA-256 of each upload, computed as its bytes stream through PATCH requests in this process.
/// .NET cannot save a hash's state, so it lives in memory only: after a restart, a failed PATCH or a
/// take-over, the upload's hash is dropped and completion reads the stored object back once instead.
/// </summary>
public sealed class TusContentHashes : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Entry> _entries = [];

    /// <summary>
    /// The running hash for an upload at <paramref name="offset"/>, taken out for one PATCH; null when
    /// this process has not hashed every byte before the offset. Give it back with <see cref="Return"/>.
    /// </summary>
    public IncrementalHash? Take(Guid id, long offset)
    {
        lock (_gate)
        {
            if (_entries.Remove(id, out var entry))
            {
                if (entry.Bytes == offset)
                {
                    return entry.Hash;
                }

                entry.Hash.Dispose();
                return null;
            }
        }

        return offset == 0 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    }

    /// <summary>Keeps the hash after a PATCH that committed every byte it hashed; the upload is at <paramref name="offset"/>.</summary>
    public void Return(Guid id, IncrementalHash hash, long offset)
    {
        lock (_gate)
        {
            if (_entries.Remove(id, out var stale))
            {
                stale.Hash.Dispose();
            }

            _entries[id] = new Entry(hash, offset);
        }
    }

    /// <summary>The finished hash (lower-case hex) when it covers exactly <paramref name="length"/> bytes, else null.</summary>
    public string? Finish(Guid id, long length)
    {
        lock (_gate)
        {
            if (!_entries.Remove(id, out var entry))
            {
                return null;
            }

            using (entry.Hash)
            {
                return entry.Bytes == length ? Convert.ToHexStringLower(entry.Hash.GetHashAndReset()) : null;
            }
        }
    }

    public void Forget(Guid id)
    {
        lock (_gate)
        {
            if (_entries.Remove(id, out var entry))
            {
                entry.Hash.Dispose();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                entry.Hash.Dispose();
            }

            _entries.Clear();
        }
    }

    private sealed record Entry(IncrementalHash Hash, long Bytes);
}
