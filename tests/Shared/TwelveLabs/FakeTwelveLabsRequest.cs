namespace Sage.Tests.TwelveLabs;

/// <summary>One request the fake received.</summary>
public sealed record FakeTwelveLabsRequest(DateTimeOffset At, string Method, string PathAndQuery, FakeTwelveLabsEndpoint Endpoint, bool HadApiKey, string? ContentType);
