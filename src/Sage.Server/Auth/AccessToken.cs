namespace Sage.Server.Auth;

/// <summary>A stored token as listed: never its secret.</summary>
public sealed record AccessToken(string Id, string Name, string Role, DateTimeOffset CreatedAt);

/// <summary>The answer to a token creation: the only time the secret is shown.</summary>
public sealed record CreatedAccessToken(string Id, string Name, string Role, DateTimeOffset CreatedAt, string Secret);

public sealed record CreateTokenRequest(string? Name, string? Role);

public sealed record SignInRequest(string? Token);
