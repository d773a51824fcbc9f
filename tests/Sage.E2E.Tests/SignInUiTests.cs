using System.Net.Http.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Sage.E2E.Tests;

/// <summary>The UI against a server in Token mode: sign-in, the cookie session for fetch, tus and SSE, the CSRF rule, sign-out.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInUiTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Token_mode_signs_in_with_the_bootstrap_token_after_refusing_a_wrong_one_then_uploads_deletes_and_signs_out()
    {
        await using var session = await BrowserSession.OpenAsync(fixture, output, "sign-in", fixture.TokenServer);
        var page = session.Page;
        var unsafeRequests = new List<(string Method, string Url, bool Csrf)>();
        page.Request += (_, request) =>
        {
            if (request.Method is not ("GET" or "HEAD" or "OPTIONS") && request.Url.Contains("/api/", StringComparison.Ordinal))
            {
                lock (unsafeRequests)
                {
                    unsafeRequests.Add((request.Method, request.Url, request.Headers.ContainsKey("x-sage-csrf")));
                }
            }
        };

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToHaveCountAsync(0);
        await session.ScreenshotAsync("sign-in");

        var token = page.GetByLabel("Token", new() { Exact = true });
        await token.FillAsync("not-the-token-at-all-123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That token was not accepted");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await session.ScreenshotAsync("wrong-token");

        await token.FillAsync(BrowserFixture.BootstrapToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Library" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-role")).ToContainTextAsync("admin");
        Assert.DoesNotContain(BrowserFixture.BootstrapToken, await page.ContentAsync(), StringComparison.Ordinal);

        // The session is an HttpOnly, SameSite=Strict cookie: the page's scripts cannot read it.
        var cookie = Assert.Single(await session.Context.CookiesAsync(), c => c.Name == "sage_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain("sage_session", await page.EvaluateAsync<string>("document.cookie"), StringComparison.Ordinal);

        // The cookie without the CSRF header is refused; with it, the same request reaches the handler (404: no such video).
        var missing = Guid.NewGuid();
        var statuses = await page.EvaluateAsync<int[]>("""
            async id => [
              (await fetch(`/api/videos/${id}`, { method: 'DELETE' })).status,
              (await fetch(`/api/videos/${id}`, { method: 'DELETE', headers: { 'X-Sage-Csrf': '1' } })).status,
            ]
            """, missing.ToString());
        Assert.Equal([401, 404], statuses);

        // An upload over tus (POST and PATCHes carried by the cookie), live status over SSE, then a delete.
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Choose videos…" }).ClickAsync());
        await chooser.SetFilesAsync(fixture.Media.Original);
        var card = page.Locator("[data-testid=video-card]").Filter(new() { HasText = "original.mp4" });
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await session.ScreenshotAsync("uploaded");
        lock (unsafeRequests)
        {
            Assert.Contains(unsafeRequests, r => r.Method == "POST" && r.Url.Contains("/api/uploads", StringComparison.Ordinal));
            Assert.Contains(unsafeRequests, r => r.Method == "PATCH" && r.Url.Contains("/api/uploads", StringComparison.Ordinal));
        }

        await card.GetByRole(AriaRole.Button, new() { Name = "Delete original.mp4" }).ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Confirm: delete original.mp4" }).ClickAsync();
        await Assertions.Expect(card).ToHaveCountAsync(0);
        lock (unsafeRequests)
        {
            // Everything the app sent, except the probe above that left the header out on purpose.
            Assert.All(unsafeRequests.Where(r => !(r.Method == "DELETE" && r.Url.EndsWith(missing.ToString(), StringComparison.Ordinal))), r => Assert.True(r.Csrf, $"{r.Method} {r.Url} without X-Sage-Csrf"));
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.DoesNotContain(await session.Context.CookiesAsync(), c => c.Name == "sage_session");
        await session.ScreenshotAsync("signed-out");
        // The refused sign-in and the two probes are the browser's own network log lines.
        session.AssertNoConsoleErrors("status of 401", "status of 404");
    }

    [Fact]
    public async Task A_revoked_session_brings_the_sign_in_page_back_with_the_reason()
    {
        await using var session = await BrowserSession.OpenAsync(fixture, output, "session-ended", fixture.TokenServer);
        var page = session.Page;
        using var admin = fixture.TokenServer.CreateHttpClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", BrowserFixture.BootstrapToken);
        using var created = await admin.PostAsJsonAsync("/api/tokens", new { name = "e2e viewer", role = "viewer" });
        created.EnsureSuccessStatusCode();
        var body = await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        await page.GotoAsync("/settings");
        await page.GetByLabel("Token", new() { Exact = true }).FillAsync(body.GetProperty("secret").GetString()!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-role")).ToContainTextAsync("viewer");

        using var revoked = await admin.DeleteAsync($"/api/tokens/{body.GetProperty("id").GetString()}");
        revoked.EnsureSuccessStatusCode();
        // Any next request answers 401; the page asks again by itself here (a viewer's settings fetch).
        await page.GetByRole(AriaRole.Link, new() { Name = "Library" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("session-ended")).ToContainTextAsync("Your session has ended");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await session.ScreenshotAsync("session-ended");
    }
}
