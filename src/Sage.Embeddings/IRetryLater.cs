namespace Sage.Embeddings;

/// <summary>
/// An engine failure that will go away by itself at a known time (a quota that resets): a job
/// runner should set the job aside until <see cref="RetryAt"/> rather than count a failed attempt.
/// </summary>
public interface IRetryLater
{
    /// <summary>The earliest time trying again can succeed; null when this failure is not one that resets (fail or retry as usual).</summary>
    DateTimeOffset? RetryAt { get; }

    /// <summary>What the user is waiting for, e.g. "TwelveLabs' rate limit".</summary>
    string WaitingFor { get; }
}
