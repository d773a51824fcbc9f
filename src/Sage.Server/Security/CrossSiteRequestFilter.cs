using Microsoft.Extensions.Options;
using Sage.Server.Uploads.Tus;

namespace Sage.Server.Security;

/// <summary>
/// Refuses (403, problem+json) a state-changing request a browser sends on behalf of another site: one whose
/// <c>Origin</c> is not the request's own origin, or whose <c>Sec-Fetch-Site</c> is <c>cross-site</c>, unless
/// that origin is listed in <c>Sage:Uploads:CorsOrigins</c>. A request with neither header (curl, the CLI, a
/// server) is not a browser's and passes. This covers every route, tus's POST with X-HTTP-Method-Override and
/// the original SAGE's routes included, whatever the authentication mode.
/// </summary>
public sealed class CrossSiteRequestFilter(RequestDelegate next, IOptions<TusOptions> options, ILogger<CrossSiteRequestFilter> logger)
{
    public const string SecFetchSite = "Sec-Fetch-Site";

    private readonly HashSet<Uri> _trusted = [.. options.Value.CorsOrigins.Select(o => new Uri(o))];

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (IsSafe(request.Method) || !IsCrossSite(request, _trusted))
        {
            return next(context);
        }

        var origin = request.Headers.Origin.ToString();
        var fetchSite = request.Headers[SecFetchSite].ToString();
        SecurityLog.CrossSiteRefused(logger, request.Method, request.Path, origin, fetchSite);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Cross-site request refused",
            detail: $"A {request.Method} from another site ({(origin.Length > 0 ? origin : "cross-site")}) is refused; the operator can trust an origin with Sage:Uploads:CorsOrigins.")
            .ExecuteAsync(context);
    }

    /// <summary>RFC 9110's safe methods; everything else may change state.</summary>
    public static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    /// <summary>Whether the browser says the request comes from a site other than this one and not from a trusted origin.</summary>
    public static bool IsCrossSite(HttpRequest request, IReadOnlySet<Uri> trusted)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(trusted);
        var originHeader = request.Headers.Origin.ToString();
        // "null" (an opaque origin: a sandboxed frame, a file: page) parses as no origin and is refused below.
        Uri? origin = originHeader.Length > 0 && Uri.TryCreate(originHeader, UriKind.Absolute, out var parsed) ? parsed : null;
        if (origin is not null && trusted.Contains(origin))
        {
            return false;
        }

        if (originHeader.Length > 0 && (origin is null || !SameOrigin(origin, request)))
        {
            return true;
        }

        // same-origin, same-site and none (typed in the address bar, a bookmark) are the user's own doing.
        return string.Equals(request.Headers[SecFetchSite].ToString(), "cross-site", StringComparison.OrdinalIgnoreCase);
    }

    private static bool SameOrigin(Uri origin, HttpRequest request) =>
        Uri.TryCreate($"{request.Scheme}://{request.Host.Value}", UriKind.Absolute, out var own) &&
        string.Equals(origin.Scheme, own.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(origin.IdnHost, own.IdnHost, StringComparison.OrdinalIgnoreCase) &&
        origin.Port == own.Port;
}
