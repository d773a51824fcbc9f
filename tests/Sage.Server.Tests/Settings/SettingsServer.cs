using System.Net.Sockets;
using System.Net;
using Sage.Tests.TwelveLabs;

namespace Sage.Server.Tests.Settings;

/// <summary>The whole SAGE server pointed at a fake TwelveLabs (or at a closed port), with its own data directory.</summary>
internal sealed class SettingsServer : IAsyncDisposable
{
    private SettingsServer(FakeTwelveLabsServer fake, SageServerFactory factory)
    {
        Fake = fake;
        Factory = factory;
        Client = factory.CreateHttpClient();
    }

    public FakeTwelveLabsServer Fake { get; }

    public SageServerFactory Factory { get; }

    public HttpClient Client { get; }

    public static async Task<SettingsServer> StartAsync(IDictionary<string, string?>? settings = null, bool twelveLabsDown = false, string? dataDirectory = null)
    {
        var fake = await FakeTwelveLabsServer.StartAsync();
        var values = new Dictionary<string, string?>
        {
            ["Sage:TwelveLabs:BaseUrl"] = twelveLabsDown ? $"http://127.0.0.1:{ClosedPort()}/v1.3" : fake.BaseUrl,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return new SettingsServer(fake, new SageServerFactory(values, dataDirectory));
    }

    /// <summary>Every byte of the database and its write-ahead log.</summary>
    public byte[] DatabaseBytes()
    {
        var bytes = new List<byte>();
        foreach (var name in new[] { "sage.db", "sage.db-wal" })
        {
            var path = Path.Combine(Factory.DataDirectory, name);
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                bytes.AddRange(copy.ToArray());
            }
        }

        return bytes.ToArray();
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
