using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Sage.Server.Uploads.Tus;

/// <summary>The CORS policy of the tus routes: browsers on the configured origins may upload and read tus's headers.</summary>
public static class TusCors
{
    public const string PolicyName = "tus";

    public static void Configure(CorsOptions cors, TusOptions options)
    {
        ArgumentNullException.ThrowIfNull(cors);
        ArgumentNullException.ThrowIfNull(options);
        cors.AddPolicy(PolicyName, policy => policy
            .WithOrigins(options.CorsOrigins)
            .WithMethods(HttpMethods.Post, HttpMethods.Head, HttpMethods.Patch, HttpMethods.Delete, HttpMethods.Options, HttpMethods.Get)
            .WithHeaders(TusHeaders.Allowed)
            .WithExposedHeaders(TusHeaders.Exposed)
            .SetPreflightMaxAge(TimeSpan.FromHours(1)));
    }
}
