namespace Sage.Tests.TwelveLabs;

/// <summary>
/// A scripted answer the fake gives instead of the real one, once, to the next request that
/// matches <see cref="Endpoint"/> (null: any TwelveLabs endpoint, not the file host).
/// </summary>
public sealed record FakeTwelveLabsFault(int StatusCode, FakeTwelveLabsEndpoint? Endpoint = null)
{
    /// <summary>The body; null or empty sends none (like a bare 429).</summary>
    public string? Body { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>429 with <c>Retry-After: seconds</c> and a v1 error body.</summary>
    public static FakeTwelveLabsFault TooManyRequests(int retryAfterSeconds, FakeTwelveLabsEndpoint? endpoint = null) =>
        new(429, endpoint)
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Body = """{"code":"too_many_requests","message":"You have exceeded the rate limit. Please try again later."}""",
        };

    /// <summary>429 with only <c>X-Ratelimit-Reset</c> (epoch seconds).</summary>
    public static FakeTwelveLabsFault RateLimitedUntil(DateTimeOffset reset, FakeTwelveLabsEndpoint? endpoint = null) =>
        new(429, endpoint)
        {
            Headers = new Dictionary<string, string>
            {
                ["X-Ratelimit-Reset"] = reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["X-Ratelimit-Remaining"] = "0",
            },
            Body = """{"code":"too_many_requests","message":"You have exceeded the rate limit."}""",
        };

    /// <summary>429 with an empty body and no hint at all: the client must back off on its own.</summary>
    public static FakeTwelveLabsFault BareTooManyRequests(FakeTwelveLabsEndpoint? endpoint = null) => new(429, endpoint);

    public static FakeTwelveLabsFault ServerError(FakeTwelveLabsEndpoint? endpoint = null, int status = 500) =>
        new(status, endpoint) { Body = """{"code":"internal_error","message":"Something went wrong on our side."}""" };

    /// <summary>A v1-shaped 4xx, e.g. (400, "parameter_invalid", "...").</summary>
    public static FakeTwelveLabsFault Error(int status, string code, string message, FakeTwelveLabsEndpoint? endpoint = null) =>
        new(status, endpoint) { Body = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["code"] = code, ["message"] = message }) };

    /// <summary>A v2-shaped error, <c>{"error":{"code","message"}}</c>.</summary>
    public static FakeTwelveLabsFault V2Error(int status, string code, string message, FakeTwelveLabsEndpoint? endpoint = null) =>
        new(status, endpoint)
        {
            Body = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, string>> { ["error"] = new() { ["code"] = code, ["message"] = message } }),
        };
}
