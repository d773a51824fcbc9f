using System.Net;

namespace Sage.Embeddings.TwelveLabs;

/// <summary>
/// The TwelveLabs engine could not embed a video; the message is meant for the user. <see cref="Kind"/> says what went
/// wrong, <see cref="IsRetryable"/> whether trying the same job again can help, and a rate limit that resets later
/// carries its <see cref="RetryAt"/> so the job waits for it (<see cref="IRetryLater"/>).
/// </summary>
public sealed class TwelveLabsException : Exception, IRetryLater
{
    public const string KeyMissingMessage = "No TwelveLabs API key is configured";
    public const string KeyInvalidMessage = "TwelveLabs API key is invalid or expired";

    public TwelveLabsException()
    {
    }

    public TwelveLabsException(string message)
        : base(message)
    {
    }

    public TwelveLabsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TwelveLabsException(TwelveLabsFailure kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public TwelveLabsFailure Kind { get; init; } = TwelveLabsFailure.Refused;

    /// <summary>The HTTP status of a refused request.</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>TwelveLabs' error code, e.g. "parameter_invalid", "usage_limit_exceeded"; null when the body had none.</summary>
    public string? Code { get; init; }

    /// <summary>The remote task's id, when there was one.</summary>
    public string? TaskId { get; init; }

    /// <summary>The requirement a video breaks (<see cref="TwelveLabsFailure.VideoNotAccepted"/>).</summary>
    public TwelveLabsVideoRule? Rule { get; init; }

    /// <summary>When a rate limit resets (<see cref="TwelveLabsFailure.RateLimited"/>), from Retry-After or X-Ratelimit-Reset.</summary>
    public DateTimeOffset? RetryAt { get; init; }

    public string WaitingFor => "TwelveLabs' rate limit";

    /// <summary>True when the cause may go away by itself (network down, service overloaded, a quota).</summary>
    public bool IsRetryable => Kind switch
    {
        TwelveLabsFailure.Unavailable or TwelveLabsFailure.RateLimited => true,
        TwelveLabsFailure.Refused => StatusCode is { } status && TwelveLabsRetryPolicy.IsRetryable(status),
        _ => false,
    };

    public static TwelveLabsException KeyMissing() => new(TwelveLabsFailure.KeyMissing, KeyMissingMessage);

    public static TwelveLabsException KeyInvalid() => new(TwelveLabsFailure.KeyInvalid, KeyInvalidMessage);

    public static TwelveLabsException Unusable(string message, Exception? innerException = null) => new(TwelveLabsFailure.UnusableResult, message, innerException);

    public static TwelveLabsException NotAccepted(string message, TwelveLabsVideoRule? rule = null) => new(TwelveLabsFailure.VideoNotAccepted, message) { Rule = rule };
}
