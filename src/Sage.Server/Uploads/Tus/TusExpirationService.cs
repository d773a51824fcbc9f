using Microsoft.Extensions.Options;

namespace Sage.Server.Uploads.Tus;

/// <summary>Sweeps expired uploads, and forgets old tombstones, every <see cref="TusOptions.CleanupInterval"/>.</summary>
public sealed class TusExpirationService(TusUploads uploads, IOptions<TusOptions> options, TimeProvider time, ILogger<TusExpirationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, time);
        do
        {
            try
            {
                while (await uploads.ExpireIdleAsync(stoppingToken).ConfigureAwait(false) > 0)
                {
                    // A full batch: there may be more.
                }

                await uploads.PurgeEndedAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                TusLog.SweepFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
