using System.Net;
using System.Net.Sockets;

namespace Sage.Embeddings.Tests.TwelveLabs;

/// <summary>A loopback port nothing listens on (bound, then released).</summary>
internal static class ClosedPort
{
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
