using Microsoft.Extensions.Options;

namespace Sage.Storage;

/// <summary>
/// The one pool of part buffers for the whole process. Every buffer it has allocated, rented or kept
/// for reuse, counts against a byte budget; a rent that does not fit waits until a buffer comes back,
/// which is what slows a fast reader down to the pace of the store (back-pressure).
/// </summary>
/// <remarks>
/// Buffers are allocated lazily and reused when the next rent asks for the same size. Waiters are
/// served first-come first-served, so a large request is not starved by a stream of small ones.
/// </remarks>
public sealed class PartBufferPool
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Stack<byte[]>> _free = [];
    private readonly LinkedList<Waiter> _waiters = new();
    private long _bytesAllocated;
    private long _bytesInUse;
    private long _highWaterMark;
    private long _rentsDelayed;

    public PartBufferPool(IOptions<StorageOptions> options)
        : this(options.Value.BufferBudgetBytes)
    {
    }

    public PartBufferPool(long budgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budgetBytes);
        BudgetBytes = budgetBytes;
    }

    /// <summary>The most bytes of buffers that may exist at once.</summary>
    public long BudgetBytes { get; }

    /// <summary>Bytes rented out now.</summary>
    public long BytesInUse
    {
        get
        {
            lock (_gate)
            {
                return _bytesInUse;
            }
        }
    }

    /// <summary>The peak of <see cref="BytesInUse"/> since start (or the last <see cref="ResetHighWaterMark"/>).</summary>
    public long HighWaterMark
    {
        get
        {
            lock (_gate)
            {
                return _highWaterMark;
            }
        }
    }

    /// <summary>Bytes allocated, rented or kept for reuse; never more than <see cref="BudgetBytes"/>.</summary>
    public long BytesAllocated
    {
        get
        {
            lock (_gate)
            {
                return _bytesAllocated;
            }
        }
    }

    /// <summary>Rents waiting for room now.</summary>
    public int WaitingCount
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>Rents that had to wait for room since start: how often back-pressure held a reader up.</summary>
    public long RentsDelayed
    {
        get
        {
            lock (_gate)
            {
                return _rentsDelayed;
            }
        }
    }

    public void ResetHighWaterMark()
    {
        lock (_gate)
        {
            _highWaterMark = _bytesInUse;
        }
    }

    /// <summary>
    /// A buffer of exactly <paramref name="size"/> bytes (contents undefined). Waits while the budget
    /// is used up. Give it back with <see cref="Return"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is more than the whole budget, so waiting would never end.</exception>
    public ValueTask<byte[]> RentAsync(int size, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (size > BudgetBytes)
        {
            throw new ArgumentOutOfRangeException(
                nameof(size), size, $"A part of {size} bytes can never fit the buffer budget of {BudgetBytes} bytes (Sage:Storage:BufferBudgetBytes).");
        }

        cancellationToken.ThrowIfCancellationRequested();

        Waiter waiter;
        lock (_gate)
        {
            if (_waiters.Count == 0 && TryTake(size) is { } buffer)
            {
                return ValueTask.FromResult(buffer);
            }

            _rentsDelayed++;
            waiter = new Waiter(size);
            waiter.Node = _waiters.AddLast(waiter);
        }

        return new ValueTask<byte[]>(WaitAsync(waiter, cancellationToken));
    }

    /// <summary>Gives a rented buffer back; it is kept for reuse within the budget.</summary>
    public void Return(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        List<(Waiter Waiter, byte[] Buffer)>? served = null;
        lock (_gate)
        {
            _bytesInUse -= buffer.Length;
            if (!_free.TryGetValue(buffer.Length, out var stack))
            {
                _free[buffer.Length] = stack = new Stack<byte[]>();
            }

            stack.Push(buffer);
            served = TakeForWaiters();
        }

        Complete(served);
    }

    // Called under the lock.
    private List<(Waiter Waiter, byte[] Buffer)>? TakeForWaiters()
    {
        List<(Waiter Waiter, byte[] Buffer)>? served = null;
        while (_waiters.First is { } first && TryTake(first.Value.Size) is { } next)
        {
            _waiters.RemoveFirst();
            first.Value.Node = null;
            (served ??= []).Add((first.Value, next));
        }

        return served;
    }

    // Outside the lock: continuations may run inline.
    private void Complete(List<(Waiter Waiter, byte[] Buffer)>? served)
    {
        if (served is null)
        {
            return;
        }

        foreach (var (waiter, next) in served)
        {
            if (!waiter.Completion.TrySetResult(next))
            {
                Return(next); // the waiter was cancelled in between
            }
        }
    }

    private async Task<byte[]> WaitAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        await using (cancellationToken.Register(
            static (state, token) =>
            {
                var (pool, w) = ((PartBufferPool, Waiter))state!;
                pool.Cancel(w, token);
            },
            (this, waiter)).ConfigureAwait(false))
        {
            return await waiter.Completion.Task.ConfigureAwait(false);
        }
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        List<(Waiter Waiter, byte[] Buffer)>? served = null;
        lock (_gate)
        {
            if (waiter.Node is not null)
            {
                _waiters.Remove(waiter.Node);
                waiter.Node = null;

                // Those queued behind a cancelled rent may fit now.
                served = TakeForWaiters();
            }
        }

        waiter.Completion.TrySetCanceled(cancellationToken);
        Complete(served);
    }

    // Called under the lock.
    private byte[]? TryTake(int size)
    {
        byte[]? buffer = null;
        if (_free.TryGetValue(size, out var stack) && stack.Count > 0)
        {
            buffer = stack.Pop();
        }
        else
        {
            // Drop kept buffers of other sizes when only that makes room.
            if (_bytesAllocated + size > BudgetBytes)
            {
                foreach (var (length, other) in _free)
                {
                    while (other.Count > 0 && _bytesAllocated + size > BudgetBytes)
                    {
                        other.Pop();
                        _bytesAllocated -= length;
                    }
                }
            }

            if (_bytesAllocated + size <= BudgetBytes)
            {
                buffer = GC.AllocateUninitializedArray<byte>(size);
                _bytesAllocated += size;
            }
        }

        if (buffer is not null)
        {
            _bytesInUse += size;
            _highWaterMark = Math.Max(_highWaterMark, _bytesInUse);
        }

        return buffer;
    }

    private sealed class Waiter(int size)
    {
        public int Size { get; } = size;

        public TaskCompletionSource<byte[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
    }
}
