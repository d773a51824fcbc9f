using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using Sage.Server.Infrastructure;

namespace Sage.Server.Auth;

/// <summary>
/// Refuses to start when the server listens beyond loopback without token authentication, unless
/// <c>Sage:Auth:AllowAnonymous</c> says so. Runs once the server is bound, so it checks the real addresses.
/// </summary>
public sealed partial class ListenAddressGuard(IServer server, IOptions<AuthOptions> options, ILogger<ListenAddressGuard> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var open = ListenAddresses.NonLoopback(server);
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

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "SAGE listens on {Addresses} without authentication (Sage:Auth:AllowAnonymous=true)")]
    private partial void LogAnonymous(string addresses);
}
