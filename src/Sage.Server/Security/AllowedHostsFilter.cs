using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Primitives;
using Sage.Server.Infrastructure;

namespace Sage.Server.Security;

/// <summary>
/// Answers 400 (problem+json) to a request whose Host header names no host the server answers to, so a page on
/// another name that resolves to this machine (DNS rebinding) cannot talk to it. The hosts are <c>AllowedHosts</c>
/// when the operator set it; otherwise the loopback names while every listening address is loopback, and any host
/// once the server listens beyond loopback. ASP.NET Core's own host filter is set to allow all (see
/// <see cref="SiteSecurityExtensions"/>): it answers with an HTML page ahead of the whole pipeline.
/// </summary>
public sealed class AllowedHostsFilter(RequestDelegate next, IServer server, IConfiguration configuration, ILogger<AllowedHostsFilter> logger)
{
    public const string ConfigurationKey = "AllowedHosts";

    public static readonly IReadOnlyList<string> LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    // Read on the first request: the listening addresses are only known once the server is bound.
    private readonly Lazy<StringSegment[]?> _allowed = new(() => Allowed(configuration[ConfigurationKey], server));

    /// <summary>The host patterns allowed, or null for any host.</summary>
    public static StringSegment[]? Allowed(string? configured, IServer server)
    {
        var hosts = configured?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        if (hosts.Length == 0)
        {
            hosts = ListenAddresses.NonLoopback(server).Count == 0 ? [.. LoopbackHosts] : ["*"];
        }

        return hosts.Contains("*") ? null : [.. hosts.Select(h => new StringSegment(h))];
    }

    public Task InvokeAsync(HttpContext context)
    {
        var allowed = _allowed.Value;
        var host = context.Request.Host;
        // An HTTP/1.0 request may carry no Host at all; ASP.NET Core's filter lets it through too.
        if (allowed is null || !host.HasValue || HostString.MatchesAny(host.Value, allowed))
        {
            return next(context);
        }

        SecurityLog.HostRefused(logger, host.Value, context.Request.Method, context.Request.Path);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Unknown host",
            detail: $"This server does not answer to the host '{host.Value}'. It answers to {string.Join(", ", allowed)}; the operator can add names with AllowedHosts.")
            .ExecuteAsync(context);
    }
}
