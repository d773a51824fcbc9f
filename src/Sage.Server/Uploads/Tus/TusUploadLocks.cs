namespace Sage.Server.Uploads.Tus;

/// <summary>
/// One writer per upload in this process. A second request is refused (423, which tus clients
/// retry) while the first is alive; when the first request's client is gone (its RequestAborted
/// fired), the second waits for it to unwind and takes over, so a reconnecting client is not
/// locked out by its own dead connection.
/// </summary>
public sealed class TusUploadLocks(ILogger<TusUploadLocks> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Holder> _held = [];

    /// <summary>A lease, or null when a live request holds the upload (or a dead one did not let go in time).</summary>
    /// <param name="holderAborted">Fires when the caller's client is gone; lets a later request take over.</param>
    public async Task<IDisposable?> TryAcquireAsync(Guid id, TimeSpan takeOverTimeout, CancellationToken holderAborted, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            Holder current;
            lock (_gate)
            {
                if (!_held.TryGetValue(id, out var existing))
                {
                    var holder = new Holder(holderAborted);
                    _held[id] = holder;
                    return new Lease(this, id, holder);
                }

                if (!existing.Aborted.IsCancellationRequested)
                {
                    return null;
                }

                current = existing;
            }

            try
            {
                await current.Released.Task.WaitAsync(takeOverTimeout, cancellationToken).ConfigureAwait(false);
                TusLog.TookOver(logger, id);
            }
            catch (TimeoutException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>True while a request holds the upload.</summary>
    public bool IsHeld(Guid id)
    {
        lock (_gate)
        {
            return _held.ContainsKey(id);
        }
    }

    private void Release(Guid id, Holder holder)
    {
        lock (_gate)
        {
            if (_held.TryGetValue(id, out var current) && ReferenceEquals(current, holder))
            {
                _held.Remove(id);
            }
        }

        holder.Released.TrySetResult();
    }

    private sealed class Holder(CancellationToken aborted)
    {
        public CancellationToken Aborted { get; } = aborted;

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Lease(TusUploadLocks owner, Guid id, Holder holder) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(id, holder);
            }
        }
    }
}
