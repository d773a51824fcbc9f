using Microsoft.Playwright;

namespace Sage.E2E.Tests;

/// <summary>
/// One server, one Chromium and one set of test videos for all browser tests. The browser is the
/// system's /usr/bin/chromium (scripts/ensure-tools.sh chromium); Playwright downloads nothing, and
/// gives each launch a fresh temporary profile of its own.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The bootstrap token of <see cref="TokenServer"/>.</summary>
    public const string BootstrapToken = "e2e-bootstrap-token-0123456789";

    private SageServerFactory? _tokenServer;

    public SageServerFactory Server { get; private set; } = null!;

    /// <summary>A second server in <c>Sage:Auth:Mode</c> Token, started by the first test that asks for it.</summary>
    public SageServerFactory TokenServer => _tokenServer ??= new SageServerFactory(new Dictionary<string, string?>(ServerSettings)
    {
        ["Sage:Auth:Mode"] = "Token",
        ["Sage:Auth:BootstrapToken"] = BootstrapToken,
    });

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public TestMedia Media { get; } = new();

    /// <summary>Screenshots of every step, for a person to look at.</summary>
    public string ScreenshotDirectory { get; } = Path.Combine(Path.GetTempPath(), "sage-e2e-screenshots", DateTime.Now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Sage.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Sage.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    private static readonly Dictionary<string, string?> ServerSettings = new()
    {
        // Keep the test output about the browser; the server's own tests cover its logs.
        ["Logging:LogLevel:Default"] = "Warning",
        // Offline and deterministic: the local engine, whatever key the machine may have.
        ["Sage:Embedding:DefaultEngine"] = "local",
        ["TWELVELABS_API_KEY"] = "",
        // Nothing leaves the machine: TwelveLabs is a closed loopback port, so a key check says "unreachable" at once.
        ["Sage:TwelveLabs:BaseUrl"] = "http://127.0.0.1:9/",
        ["Sage:TwelveLabs:MaxRetries"] = "0",
    };

    public async Task InitializeAsync()
    {
        var index = Path.Combine(RepositoryRoot, "src", "Sage.Server", "wwwroot", "index.html");
        if (!File.Exists(index))
        {
            throw new InvalidOperationException(
                $"The web UI is not built ({index} is missing). Build it first: (cd web && npm ci && npm run build), or run ./test.sh, which does.");
        }

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing. Install it with scripts/ensure-tools.sh chromium (apt-get install chromium).");
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        // A stable name for the newest run: /tmp/sage-e2e-screenshots/latest.
        var latest = Path.Combine(Path.GetDirectoryName(ScreenshotDirectory)!, "latest");
        if (Directory.Exists(latest) || File.Exists(latest))
        {
            File.Delete(latest);
        }

        File.CreateSymbolicLink(latest, ScreenshotDirectory);
        await Media.CreateAsync();
        Server = new SageServerFactory(ServerSettings);
        _ = Server.BaseAddress;
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
            ],
        });
    }

    /// <summary>A fresh context (own localStorage and cookies) at 1366×768, the laptop size the UI is made for.</summary>
    public async Task<IBrowserContext> NewContextAsync(SageServerFactory? server = null) => await Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = (server ?? Server).BaseAddress.ToString(),
        ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
        AcceptDownloads = true,
    });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        Playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (_tokenServer is not null)
        {
            await _tokenServer.DisposeAsync();
        }

        Media.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
