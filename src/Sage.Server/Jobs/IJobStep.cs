using Sage.Embeddings;

namespace Sage.Server.Jobs;

/// <summary>
/// One kind of job (<see cref="JobStep"/>). <see cref="JobRunner"/> owns what every job shares (lease, heartbeat,
/// retries, cancellation, failing the job row); a step owns its work and the state it keeps besides the job row.
/// </summary>
public interface IJobStep
{
    /// <summary>The <see cref="JobStep"/> this runs.</summary>
    string Name { get; }

    /// <summary>Does the work and finishes the job row (<see cref="JobQueue.FinishAsync(Guid, string, string?, CancellationToken)"/>) with its result.</summary>
    Task RunAsync(Job job, IProgress<double> progress, CancellationToken cancellationToken);

    /// <summary>Saves progress where the step's own state shows it and tells listeners; the job row is saved already.</summary>
    Task SaveProgressAsync(Job job, double progress, CancellationToken cancellationToken);

    /// <summary>Records a failure for good in the step's own state; the job row is failed already.</summary>
    Task FailAsync(Job job, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Records in the step's own state that the job waits for <paramref name="waitingFor"/> until <paramref name="retryAt"/>; the job
    /// row is deferred already. Steps that call no quota-limited service have nothing to record.
    /// </summary>
    Task DeferAsync(Job job, DateTimeOffset retryAt, string waitingFor, CancellationToken cancellationToken) => Task.CompletedTask;
}
