using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Sage.E2E.Tests;

/// <summary>One page in its own context; collects console errors and numbers its screenshots.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private static int s_shot;
    private readonly BrowserFixture _fixture;
    private readonly ITestOutputHelper _output;
    private readonly string _prefix;

    private BrowserSession(BrowserFixture fixture, ITestOutputHelper output, IBrowserContext context, IPage page, string prefix)
    {
        _fixture = fixture;
        _output = output;
        Context = context;
        Page = page;
        _prefix = prefix;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                ConsoleErrors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => ConsoleErrors.Add("uncaught: " + error);
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public List<string> ConsoleErrors { get; } = [];

    /// <summary>A page on <paramref name="server"/> (the fixture's None-mode server when not given).</summary>
    public static async Task<BrowserSession> OpenAsync(BrowserFixture fixture, ITestOutputHelper output, string prefix, SageServerFactory? server = null)
    {
        var context = await fixture.NewContextAsync(server);
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        output.WriteLine($"Screenshots: {fixture.ScreenshotDirectory}");
        return new BrowserSession(fixture, output, context, page, prefix);
    }

    public async Task ScreenshotAsync(string step, bool fullPage = false)
    {
        var number = Interlocked.Increment(ref s_shot).ToString("00", CultureInfo.InvariantCulture);
        var path = Path.Combine(_fixture.ScreenshotDirectory, $"{number}-{_prefix}-{step}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        _output.WriteLine($"screenshot {path}");
    }

    /// <summary>Fails when the page logged an error or threw.</summary>
    public void AssertNoConsoleErrors(params string[] allowed)
    {
        var errors = ConsoleErrors.Where(e => !allowed.Any(a => e.Contains(a, StringComparison.Ordinal))).ToList();
        Assert.True(errors.Count == 0, "Browser console errors:\n" + string.Join("\n", errors));
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
