using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Sage.Server.Auth;

/// <summary>/api/tokens (admin) and the web UI's sign-in, which trades a token for an HttpOnly cookie.</summary>
public static class TokensApi
{
    public static RouteGroupBuilder MapTokens(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/tokens").WithTags("Auth").RequireAuthorization(SageRoles.Admin);
        group.MapPost("/", CreateAsync).WithName("CreateToken")
            .WithSummary("Creates a token {name, role}; the answer carries the secret, the only time it is shown.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/", ListAsync).WithName("ListTokens");
        group.MapDelete("/{id}", RevokeAsync).WithName("RevokeToken");

        var session = routes.MapGroup("/api/session").WithTags("Auth");
        session.MapPost("/", SignInAsync).WithName("SignIn").AllowAnonymous().RequireRateLimiting(RateLimits.SignIn)
            .WithSummary("Checks a token and sets it as an HttpOnly, SameSite=Strict cookie.");
        session.MapGet("/", WhoAmI).WithName("GetSession").AllowAnonymous();
        session.MapDelete("/", SignOut).WithName("SignOut").AllowAnonymous();
        return group;
    }

    private static async Task<Results<Created<CreatedAccessToken>, ProblemHttpResult>> CreateAsync(
        CreateTokenRequest? request, TokenStore tokens, CancellationToken cancellationToken)
    {
        var name = request?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            return TypedResults.Problem("name is required (at most 100 characters).", statusCode: StatusCodes.Status400BadRequest);
        }
        if (!SageRoles.IsKnown(request?.Role))
        {
            return TypedResults.Problem("role must be viewer, uploader or admin.", statusCode: StatusCodes.Status400BadRequest);
        }
        var created = await tokens.CreateAsync(name, request!.Role!, cancellationToken);
        return TypedResults.Created($"/api/tokens/{created.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<AccessToken>>> ListAsync(TokenStore tokens, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tokens.ListAsync(cancellationToken));

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(string id, TokenStore tokens, CancellationToken cancellationToken) =>
        await tokens.RevokeAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<SessionInfo>, UnauthorizedHttpResult>> SignInAsync(
        SignInRequest? request, HttpContext context, TokenStore tokens, IOptions<AuthOptions> options, CancellationToken cancellationToken)
    {
        var secret = request?.Token?.Trim();
        if (string.IsNullOrEmpty(secret))
        {
            return TypedResults.Unauthorized();
        }
        var bootstrap = TokenAuthenticationHandler.BootstrapSecret(options.Value);
        string? role = bootstrap is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes(bootstrap))
            ? SageRoles.Admin
            : (await tokens.FindAsync(secret, cancellationToken))?.Role;
        if (role is null)
        {
            return TypedResults.Unauthorized();
        }
        context.Response.Cookies.Append(TokenAuthenticationHandler.CookieName, secret, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
        });
        return TypedResults.Ok(new SessionInfo(options.Value.Mode.ToString(), role));
    }

    private static Ok<SessionInfo> WhoAmI(HttpContext context, IOptions<AuthOptions> options) =>
        TypedResults.Ok(new SessionInfo(
            options.Value.Mode.ToString(),
            context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value : null));

    private static NoContent SignOut(HttpContext context)
    {
        context.Response.Cookies.Delete(TokenAuthenticationHandler.CookieName);
        return TypedResults.NoContent();
    }
}

/// <summary>The auth mode and the caller's role (null when not signed in).</summary>
public sealed record SessionInfo(string Mode, string? Role);
