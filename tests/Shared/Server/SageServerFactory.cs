using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sage.Server.Infrastructure;

namespace Sage.Tests.Server;

/// <summary>
/// The real SAGE server on Kestrel, on a free loopback port, with its own data directory and
/// real SQLite. Settings are given as configuration keys, exactly as an operator would.
/// Compiled into the server and browser test projects (linked from tests/Shared/Server).
/// </summary>
public sealed class SageServerFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly bool _ownsDataDirectory;

    private readonly Action<IServiceCollection>? _services;

    public SageServerFactory(IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        _ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("sage-server-test-").FullName;
        _settings = settings ?? new Dictionary<string, string?>();
        UseKestrel(0);
    }

    public string DataDirectory { get; }

    /// <summary>The server's real address, e.g. http://127.0.0.1:40123.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    /// <summary>An HttpClient over real TCP to the server, with no timeout of its own for big uploads.</summary>
    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Urls", "http://127.0.0.1:0");
        builder.UseSetting("Sage:DataDirectory", DataDirectory);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    /// <summary>
    /// <see cref="WebApplicationFactory{TEntryPoint}.UseKestrel(int)"/> registers Kestrel again after the
    /// app's own services, which puts Kestrel's 4 KiB memory pool back; the app registers its pool after
    /// Kestrel (Program.cs), and so does this.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureServices(services => services.AddReceiveBlockPool());
        return base.CreateHost(builder);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a closing handle; the temp directory is cleaned by the OS eventually.
            }
        }
    }
}
