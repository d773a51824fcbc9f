using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Sage.Embeddings.TwelveLabs;

/// <summary>
/// Which answers are worth another try, and how long to wait first. Hand-written rather than a
/// resilience pipeline because TwelveLabs' headers (Retry-After, X-Ratelimit-Reset) decide the wait,
/// and the create call must rebuild its streamed body for each attempt.
/// </summary>
public static class TwelveLabsRetryPolicy
{
    public const string RateLimitResetHeader = "X-Ratelimit-Reset";

    /// <summary>429, 408 and 5xx are retried; every other 4xx is final.</summary>
    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    /// <summary>
    /// The wait the server asked for: Retry-After (seconds or an HTTP date), else X-Ratelimit-Reset
    /// (epoch seconds; small values are taken as seconds from now). Null when it named none.
    /// </summary>
    public static TimeSpan? ServerRequestedDelay(HttpResponseHeaders headers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        if (headers.TryGetValues(RateLimitResetHeader, out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var reset)
            && double.IsFinite(reset) && reset >= 0)
        {
            // Epoch seconds are ~1.7e9; anything under a year's worth of seconds is a relative wait.
            var wait = reset < 365 * 24 * 3600
                ? TimeSpan.FromSeconds(reset)
                : DateTimeOffset.FromUnixTimeMilliseconds((long)(reset * 1000)) - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>Exponential backoff with "equal jitter": half the step fixed, half random, so retries spread out.</summary>
    /// <param name="retry">0 for the first retry.</param>
    public static TimeSpan Backoff(int retry, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var step = baseDelay.TotalSeconds * Math.Pow(2, Math.Min(retry, 30));
        step = Math.Min(step, maxDelay.TotalSeconds);
        return TimeSpan.FromSeconds((step / 2) + (random.NextDouble() * step / 2));
    }
}
