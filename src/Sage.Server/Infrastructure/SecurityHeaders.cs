using System.Text;

namespace Sage.Server.Infrastructure;

/// <summary>
/// Headers that keep a browser from treating an answer as something it is not. Every answer says
/// nosniff; an HTML answer (the web UI) carries a CSP that allows only SAGE's own scripts and styles
/// and framing by SAGE alone. Media answers add their own (<see cref="ForMedia"/>), since only the
/// handler knows the file name.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The UI's policy. The UI has no inline script or style element (React sets style properties through the
    /// CSSOM, which CSP allows); data: and blob: serve the favicon and the in-browser preview thumbnail.
    /// </summary>
    public const string HtmlPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

    /// <summary>A media answer opened as a page is an opaque origin with no scripts, forms or plug-ins.</summary>
    public const string MediaPolicy = "sandbox";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var response = context.Response;
        response.OnStarting(() =>
        {
            response.Headers.XContentTypeOptions = "nosniff";
            if (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                response.Headers.ContentSecurityPolicy = HtmlPolicy;
                response.Headers.XFrameOptions = "SAMEORIGIN";
            }

            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>
    /// Marks an answer as stored media: sandboxed if a browser opens it as a document, and shown inline under its
    /// display name (RFC 6266: an ASCII <c>filename</c> fallback and the exact name as RFC 5987 <c>filename*</c>).
    /// </summary>
    public static void ForMedia(HttpResponse response, string fileName)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = MediaPolicy;
        response.Headers.ContentDisposition = ContentDisposition(fileName);
    }

    public static string ContentDisposition(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var fallback = new StringBuilder(fileName.Length);
        foreach (var c in fileName)
        {
            // Printable ASCII except the quoted-string specials; anything else becomes '_'.
            fallback.Append(c is >= ' ' and <= '~' and not '"' and not '\\' and not '%' ? c : '_');
        }

        var encoded = new StringBuilder(fileName.Length * 3);
        foreach (var b in Encoding.UTF8.GetBytes(fileName))
        {
            // RFC 5987 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"; everything else is percent-encoded.
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                || "!#$&+-.^_`|~".Contains((char)b, StringComparison.Ordinal))
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return $"inline; filename=\"{fallback}\"; filename*=UTF-8''{encoded}";
    }
}
