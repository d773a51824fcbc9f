using System.Collections.Concurrent;

namespace Sage.Server.Jobs;

/// <summary>The jobs this process is running now, so a cancel request can stop them (and kill their ffmpeg) at once.</summary>
public sealed class RunningJobs
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    public CancellationTokenSource Start(Guid jobId, CancellationToken stopping)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running[jobId] = source;
        return source;
    }

    public void Finish(Guid jobId)
    {
        if (_running.TryRemove(jobId, out var source))
        {
            source.Dispose();
        }
    }

    /// <summary>Cancels the given jobs if they run here; jobs running elsewhere notice at their next lease renewal.</summary>
    public void Cancel(IEnumerable<Guid> jobIds)
    {
        foreach (var jobId in jobIds)
        {
            if (_running.TryGetValue(jobId, out var source))
            {
                try
                {
                    source.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // Finished in the meantime.
                }
            }
        }
    }

    public int Count => _running.Count;
}
