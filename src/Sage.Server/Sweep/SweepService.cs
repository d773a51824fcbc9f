using Microsoft.Extensions.Options;

namespace Sage.Server.Sweep;

/// <summary>Runs <see cref="OrphanSweeper"/> once at start-up (orphans of the process before this one), then every <see cref="SweepOptions.Interval"/>.</summary>
public sealed class SweepService(OrphanSweeper sweeper, IOptions<SweepOptions> options, TimeProvider time, ILogger<SweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            // Each stage logs its own failure; a database that cannot be read ends only this pass.
            try
            {
                await sweeper.SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SweepLog.PassFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
