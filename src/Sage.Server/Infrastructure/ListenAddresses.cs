using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Sage.Server.Infrastructure;

/// <summary>Where the server listens, and whether that is loopback only. Read once the server is bound, so the addresses are real.</summary>
public static class ListenAddresses
{
    /// <summary>The bound addresses, e.g. http://127.0.0.1:8000; empty for a server with no sockets (the test server).</summary>
    public static IReadOnlyList<string> Of(IServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return [.. server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []];
    }

    /// <summary>The addresses reachable beyond this machine.</summary>
    public static IReadOnlyList<string> NonLoopback(IServer server) => [.. Of(server).Where(a => !IsLoopback(a))];

    /// <summary>Whether a listening URL (http://127.0.0.1:5000, http://[::]:80, http://*:80, http://localhost:5000) is loopback only.</summary>
    public static bool IsLoopback(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var rest = address.Contains("://", StringComparison.Ordinal) ? address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..] : address;
        var host = rest.StartsWith('[') ? rest[1..rest.IndexOf(']', StringComparison.Ordinal)] : rest.Split(':', '/')[0];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}
