using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Sage.Server.Auth;

/// <summary>
/// One scheme for both modes. <c>None</c>: every request is the anonymous admin. <c>Token</c>: the
/// secret comes from <c>Authorization: Bearer</c> or the sign-in cookie and is looked up on every
/// request (revocation is immediate). A cookie on an unsafe method must come with the
/// <see cref="CsrfHeader"/> header, which a cross-site form or no-cors fetch cannot send.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<AuthOptions> authOptions,
    TokenStore tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "SageToken";
    public const string CookieName = "sage_session";
    public const string CsrfHeader = "X-Sage-Csrf";
    public const string BootstrapTokenId = "bootstrap";
    public const string TokenIdClaim = "sage:token_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var options = authOptions.Value;
        if (options.Mode == AuthMode.None)
        {
            return Success(BootstrapTokenId, "anonymous", SageRoles.Admin);
        }

        string? secret = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            secret = header["Bearer ".Length..].Trim();
        }
        else if (Request.Cookies.TryGetValue(CookieName, out var cookie) && !string.IsNullOrEmpty(cookie))
        {
            if (!HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method) && !HttpMethods.IsOptions(Request.Method)
                && string.IsNullOrEmpty(Request.Headers[CsrfHeader]))
            {
                return AuthenticateResult.Fail("A cookie on an unsafe method needs the " + CsrfHeader + " header.");
            }
            secret = cookie;
        }
        if (string.IsNullOrEmpty(secret))
        {
            return AuthenticateResult.NoResult();
        }

        var bootstrap = BootstrapSecret(options);
        if (bootstrap is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(bootstrap)))
        {
            return Success(BootstrapTokenId, "bootstrap", SageRoles.Admin);
        }
        var token = await tokens.FindAsync(secret, Context.RequestAborted);
        return token is null ? AuthenticateResult.Fail("Unknown or revoked token.") : Success(token.Id, token.Name, token.Role);
    }

    public static string? BootstrapSecret(AuthOptions options)
    {
        var value = string.IsNullOrWhiteSpace(options.BootstrapToken) ? Environment.GetEnvironmentVariable("SAGE_ADMIN_TOKEN") : options.BootstrapToken;
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static AuthenticateResult Success(string id, string name, string role)
    {
        var identity = new ClaimsIdentity(
            [new Claim(TokenIdClaim, id), new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
