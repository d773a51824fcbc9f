using Microsoft.Playwright;

namespace Sage.E2E.Tests;

public class Smoke
{
    [Fact]
    public async Task Launches()
    {
        using var pw = await Playwright.CreateAsync();
        await using var browser = await pw.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = ["--no-sandbox", "--headless", "--disable-gpu"] });
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<video id=v></video><p>hi</p>");
        var canPlay = await page.EvaluateAsync<string>("document.getElementById('v').canPlayType('video/mp4; codecs=\"avc1.42E01E\"')");
        Assert.Equal("hi", await page.InnerTextAsync("p"));
        Console.WriteLine("h264: " + canPlay);
    }
}
