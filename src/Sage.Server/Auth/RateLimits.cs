using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Sage.Server.Auth;

/// <summary>The <c>Sage:RateLimits</c> section: requests per minute per token (or per client address when anonymous).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Sage:RateLimits";

    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int UploadCreationsPerMinute { get; set; } = 120;

    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int ComparisonsPerMinute { get; set; } = 120;

    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int KeyValidationsPerMinute { get; set; } = 10;

    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int SignInsPerMinute { get; set; } = 10;
}

/// <summary>The named rate-limit policies; endpoints opt in with <c>RequireRateLimiting(name)</c>.</summary>
public static class RateLimits
{
    public const string UploadCreation = "upload-creation";
    public const string Comparison = "comparison";
    public const string KeyValidation = "key-validation";
    public const string SignIn = "sign-in";

    public static void Configure(RateLimiterOptions limiter, RateLimitOptions settings)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        Add(limiter, UploadCreation, settings.UploadCreationsPerMinute);
        Add(limiter, Comparison, settings.ComparisonsPerMinute);
        Add(limiter, KeyValidation, settings.KeyValidationsPerMinute);
        Add(limiter, SignIn, settings.SignInsPerMinute);
    }

    private static void Add(RateLimiterOptions limiter, string name, int perMinute) =>
        limiter.AddPolicy(name, context => RateLimitPartition.GetFixedWindowLimiter(
            PartitionKey(context),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    private static string PartitionKey(HttpContext context)
    {
        var tokenId = context.User.FindFirst(TokenAuthenticationHandler.TokenIdClaim)?.Value;
        // In None mode everyone is the same anonymous admin, so the address is the only partition.
        return tokenId is not null && tokenId != TokenAuthenticationHandler.BootstrapTokenId
            ? "token:" + tokenId
            : "addr:" + context.Connection.RemoteIpAddress;
    }
}
