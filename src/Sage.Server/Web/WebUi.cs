using Microsoft.AspNetCore.StaticFiles;

namespace Sage.Server.Web;

/// <summary>
/// Serves the browser UI built from web/ (Vite writes it into wwwroot): its files, and index.html at the
/// root and for every other non-API page load (Accept: text/html) so deep links such as /compare/{a}/{b} load the app.
/// </summary>
public static class WebUi
{
    /// <summary>Vite puts content-hashed bundles here; a changed file gets a new name.</summary>
    private const string HashedAssetsPrefix = "/assets/";

    public static WebApplicationBuilder AddWebUi(this WebApplicationBuilder builder)
    {
        // ./run.sh starts the server from its build output, where wwwroot is not copied: the SDK's
        // static web assets manifest next to the dll points at the project's wwwroot instead.
        // ASP.NET Core reads that manifest by itself only in Development.
        if (!builder.Environment.IsDevelopment())
        {
            builder.WebHost.UseStaticWebAssets();
        }

        return builder;
    }

    public static WebApplication MapWebUi(this WebApplication app)
    {
        var contentTypes = new FileExtensionContentTypeProvider();
        contentTypes.Mappings[".webmanifest"] = "application/manifest+json";
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = contentTypes,
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.Context.Request.Path.StartsWithSegments(HashedAssetsPrefix.TrimEnd('/'), StringComparison.Ordinal)
                    ? "public, max-age=31536000, immutable"
                    : "no-cache",
        });

        // Lowest priority: every API route, the legacy routes and tus win over it.
        app.MapFallback("{*path:nonfile}", ServeIndexAsync).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    private static async Task<IResult> ServeIndexAsync(HttpContext context, IWebHostEnvironment environment)
    {
        // Only page loads get the app: an API client (or a legacy route whose id did not parse) gets a 404, not HTML.
        // The root is the app whatever the client accepts (curl, a health probe).
        var wantsPage = context.Request.Path == "/"
            || context.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || !wantsPage)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: $"There is no route {context.Request.Method} {context.Request.Path}.");
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed");
        }

        var index = environment.WebRootFileProvider.GetFileInfo("index.html");
        if (!index.Exists)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "The web UI is not built",
                detail: "Build it with: (cd web && npm ci && npm run build). The API under /api works without it.");
        }

        // index.html names the current hashed bundles, so it must never be cached stale.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.ContentType = "text/html; charset=utf-8";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.ContentLength = index.Length;
            return TypedResults.Empty;
        }

        await context.Response.SendFileAsync(index, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Empty;
    }
}
