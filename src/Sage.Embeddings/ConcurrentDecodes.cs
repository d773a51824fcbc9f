namespace Sage.Embeddings;

/// <summary>Awaits decodes that run side by side (frames and audio), each with its own ffmpeg.</summary>
internal static class ConcurrentDecodes
{
    /// <summary>
    /// Waits for every task. The first to fail cancels <paramref name="failed"/>, which the others watch, so their
    /// ffmpeg stops instead of running on; the root cause is rethrown, not a sibling's OperationCanceledException.
    /// </summary>
    public static async Task WhenAllAsync(CancellationTokenSource failed, CancellationToken cancellationToken, params Task[] tasks)
    {
        try
        {
            await Task.WhenAll(tasks.Select(t => CancelOnFailure(t, failed))).ConfigureAwait(false);
        }
        catch when (!cancellationToken.IsCancellationRequested)
        {
            var root = tasks
                .Where(t => t.IsFaulted)
                .Select(t => t.Exception!.InnerException!)
                .FirstOrDefault(e => e is not OperationCanceledException);
            if (root is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(root);
            }

            throw;
        }
    }

    private static async Task CancelOnFailure(Task task, CancellationTokenSource failed)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }
}
