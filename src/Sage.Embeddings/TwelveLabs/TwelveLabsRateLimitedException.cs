namespace Sage.Embeddings.TwelveLabs;

/// <summary>
/// TwelveLabs answered 429 with a reset further away than the client waits between retries (an
/// hourly or daily limit): retrying now only spends the retries, so the caller defers the work
/// until <see cref="RetryAt"/>.
/// </summary>
public sealed class TwelveLabsRateLimitedException : TwelveLabsException, IRetryLater
{
    public const string DefaultMessage = "TwelveLabs' rate limit is reached";

    public TwelveLabsRateLimitedException()
        : base(DefaultMessage)
    {
    }

    public TwelveLabsRateLimitedException(string message)
        : base(message)
    {
    }

    public TwelveLabsRateLimitedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>When the limit resets, from Retry-After or X-Ratelimit-Reset.</summary>
    public DateTimeOffset RetryAt { get; init; }

    /// <summary>TwelveLabs' error code, e.g. "too_many_requests" or "usage_limit_exceeded"; null when the body had none.</summary>
    public string? Code { get; init; }

    public string WaitingFor => "TwelveLabs' rate limit";

    public override bool IsRetryable => true;
}
