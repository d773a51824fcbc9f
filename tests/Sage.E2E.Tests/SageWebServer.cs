using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Sage.E2E.Tests;

/// <summary>
/// The real SAGE server on Kestrel on a free loopback port, with its own data directory, serving the
/// UI built into src/Sage.Server/wwwroot (the content root is the server project's folder).
/// </summary>
public sealed class SageWebServer : WebApplicationFactory<Program>
{
    public SageWebServer()
    {
        DataDirectory = Directory.CreateTempSubdirectory("sage-e2e-data-").FullName;
        UseKestrel(0);
    }

    public string DataDirectory { get; }

    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Urls", "http://127.0.0.1:0");
        builder.UseSetting("Sage:DataDirectory", DataDirectory);
        // Keep the test output about the browser; the server's own tests cover its logs.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Offline and deterministic: the local engine, whatever key the machine may have.
        builder.UseSetting("Sage:Embedding:DefaultEngine", "local");
        builder.UseSetting("Sage:TwelveLabs:ApiKey", "");
        // Nothing leaves the machine: TwelveLabs is a closed loopback port, so a key check says "unreachable" at once.
        builder.UseSetting("Sage:TwelveLabs:BaseUrl", "http://127.0.0.1:9/");
        builder.UseSetting("Sage:TwelveLabs:MaxRetries", "0");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A handle still closing; the OS cleans temp eventually.
            }
        }
    }
}
