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
        limiter.OnRejected = RejectAsync;
        Add(limiter, UploadCreation, settings.UploadCreationsPerMinute);
        Add(limiter, Comparison, settings.ComparisonsPerMinute);
        Add(limiter, KeyValidation, settings.KeyValidationsPerMinute);
        Add(limiter, SignIn, settings.SignInsPerMinute);
    }

    /// <summary>429 as problem+json, with Retry-After (whole seconds until the window reopens) so a client knows when to try again.</summary>
    private static ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var response = rejected.HttpContext.Response;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ValueTask(TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"This kind of request is limited per minute (Sage:RateLimits); try again in {seconds} s.")
            .ExecuteAsync(rejected.HttpContext));
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
