namespace Sage.Server.Fingerprints;

/// <summary>At start-up, queues fingerprints for the videos of the library that have none of this version.</summary>
/// <remarks>Registered after the migrator and before the job worker, so the worker's first claims see the jobs.</remarks>
public sealed class FingerprintBackfill(FingerprintPipeline pipeline) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => pipeline.QueueMissingAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
