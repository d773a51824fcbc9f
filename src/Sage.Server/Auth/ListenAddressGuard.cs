using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Sage.Server.Auth;

/// <summary>
/// Refuses to start when the server listens beyond loopback without token authentication, unless
/// <c>Sage:Auth:AllowAnonymous</c> says so. Runs once the server is bound, so it checks the real addresses.
/// </summary>
public sealed partial class ListenAddressGuard(IServer server, IOptions<AuthOptions> options, ILogger<ListenAddressGuard> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var open = addresses.Where(a => !IsLoopback(a)).ToList();
        if (open.Count == 0 || options.Value.Mode == AuthMode.Token)
        {
            return Task.CompletedTask;
        }
        if (options.Value.AllowAnonymous)
        {
            LogAnonymous(string.Join(", ", open));
            return Task.CompletedTask;
        }
        throw new InvalidOperationException(
            $"SAGE listens on {string.Join(", ", open)} without authentication. Set Sage:Auth:Mode=Token (with Sage:Auth:BootstrapToken or SAGE_ADMIN_TOKEN), or Sage:Auth:AllowAnonymous=true to accept this.");
    }

    /// <summary>Whether a listening URL (http://127.0.0.1:5000, http://[::]:80, http://*:80, http://localhost:5000) is loopback only.</summary>
    public static bool IsLoopback(string address)
    {
        var rest = address.Contains("://", StringComparison.Ordinal) ? address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..] : address;
        var host = rest.StartsWith('[') ? rest[1..rest.IndexOf(']', StringComparison.Ordinal)] : rest.Split(':', '/')[0];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "SAGE listens on {Addresses} without authentication (Sage:Auth:AllowAnonymous=true)")]
    private partial void LogAnonymous(string addresses);
}
