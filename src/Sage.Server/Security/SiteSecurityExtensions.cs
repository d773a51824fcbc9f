using Microsoft.AspNetCore.HostFiltering;

namespace Sage.Server.Security;

public static class SiteSecurityExtensions
{
    /// <summary>
    /// Turns ASP.NET Core's own host filter (added ahead of the pipeline by the web host defaults) into allow-all:
    /// <see cref="AllowedHostsFilter"/> is the one home for the rule, and answers problem+json instead of an HTML page.
    /// </summary>
    public static IServiceCollection AddSiteSecurity(this IServiceCollection services)
    {
        // Configure runs before the defaults' PostConfigure, which then leaves a non-empty list alone.
        services.Configure<HostFilteringOptions>(o => o.AllowedHosts = ["*"]);
        return services;
    }

    /// <summary>The host filter, then the cross-site filter; after the problem-details middleware, before CORS and authentication.</summary>
    public static IApplicationBuilder UseSiteSecurity(this IApplicationBuilder app) =>
        app.UseMiddleware<AllowedHostsFilter>().UseMiddleware<CrossSiteRequestFilter>();
}
