using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Sage.Server.Auth;

public static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddSageAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName)
            .Validate(o => o.Mode != AuthMode.Token || TokenAuthenticationHandler.BootstrapSecret(o) is null || TokenAuthenticationHandler.BootstrapSecret(o)!.Length >= 16,
                "Sage:Auth:BootstrapToken (or SAGE_ADMIN_TOKEN) must be at least 16 characters.")
            .ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TokenStore>();
        services.AddHostedService<ListenAddressGuard>();
        services.AddAuthentication(TokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(SageRoles.Viewer, p => p.RequireRole(SageRoles.Satisfying(SageRoles.Viewer)))
            .AddPolicy(SageRoles.Uploader, p => p.RequireRole(SageRoles.Satisfying(SageRoles.Uploader)))
            .AddPolicy(SageRoles.Admin, p => p.RequireRole(SageRoles.Satisfying(SageRoles.Admin)));
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>((limiter, settings) => RateLimits.Configure(limiter, settings.Value));
        return services;
    }

    public static WebApplication UseSageAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }
}
