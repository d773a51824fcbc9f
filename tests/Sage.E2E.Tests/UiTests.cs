using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Sage.E2E.Tests;

/// <summary>The UI in a real Chromium against the real server: upload, live status, comparison, resume.</summary>
[Collection(BrowserCollection.Name)]
[TestCaseOrderer(StepOrderer.TypeName, StepOrderer.AssemblyName)]
public sealed class UiTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Processing = TimeSpan.FromSeconds(150);

    // Remembers every percentage an upload card showed, so a fast upload's 100 % is not missed.
    private const string RecordPercents = """
        window.__percents = [];
        new MutationObserver(() => {
          for (const el of document.querySelectorAll('[data-testid="upload-percent"]')) {
            const text = el.textContent;
            if (window.__percents[window.__percents.length - 1] !== text) window.__percents.push(text);
          }
        }).observe(document, { subtree: true, childList: true, characterData: true });
        """;

    [Fact]
    [Step(1)]
    public async Task The_root_is_the_app_for_any_client_and_other_paths_only_for_page_loads()
    {
        using var client = fixture.Server.CreateHttpClient();

        using var root = await client.GetAsync("/");
        Assert.Equal(System.Net.HttpStatusCode.OK, root.StatusCode);
        Assert.Equal("text/html", root.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"root\"", await root.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var deepLink = await client.GetAsync("/compare/a/b");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, deepLink.StatusCode);
        using var page = new HttpRequestMessage(HttpMethod.Get, "/compare/a/b") { Headers = { { "Accept", "text/html" } } };
        using var deepPage = await client.SendAsync(page);
        Assert.Equal(System.Net.HttpStatusCode.OK, deepPage.StatusCode);
    }

    [Fact]
    [Step(1)]
    public async Task A_text_file_is_refused_in_the_browser_with_a_clear_message()
    {
        await using var session = await BrowserSession.OpenAsync(fixture, output, "refuse");
        var page = session.Page;
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Library" })).ToBeVisibleAsync();

        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Choose videos…" }).ClickAsync());
        await chooser.SetFilesAsync(fixture.Media.Text);

        var alert = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "notes.txt" });
        await Assertions.Expect(alert).ToContainTextAsync("is not a video (text/plain)");
        await session.ScreenshotAsync("text-file-refused");
        session.AssertNoConsoleErrors();
    }

    [Fact]
    [Step(1)]
    public async Task Settings_show_the_key_check_and_never_the_key()
    {
        await using var session = await BrowserSession.OpenAsync(fixture, output, "settings");
        var page = session.Page;
        await page.GotoAsync("/settings");
        await Assertions.Expect(page.GetByTestId("key-status")).ToContainTextAsync("No TwelveLabs key");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Local", Exact = true }).CheckAsync();
        await Assertions.Expect(page.GetByTestId("effective-engine")).ToContainTextAsync("local");

        const string key = "tlk_E2E_NOT_A_REAL_KEY_9876";
        await page.GetByLabel("API key", new() { Exact = true }).FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check and save" }).ClickAsync();
        // The server's own words (problem+json detail), and the key is gone from the page.
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("TwelveLabs could not be reached");
        await Assertions.Expect(page.GetByLabel("API key", new() { Exact = true })).ToHaveValueAsync("");
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);
        await session.ScreenshotAsync("key-unreachable");
        // The failed PUT is the browser's own network log line, not the app's.
        session.AssertNoConsoleErrors("status of 503");
    }

    [Fact]
    [Step(2)]
    public async Task Two_uploaded_versions_become_ready_and_their_difference_is_on_the_timeline()
    {
        await using var session = await BrowserSession.OpenAsync(fixture, output, "compare");
        var page = session.Page;
        await page.AddInitScriptAsync(RecordPercents);
        await page.GotoAsync("/");
        await session.ScreenshotAsync("library-empty");

        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Choose videos…" }).ClickAsync());
        await chooser.SetFilesAsync([fixture.Media.Original, fixture.Media.Edited]);
        await session.ScreenshotAsync("uploading");

        // Live status over SSE: each card ends up ready without the page asking the API again.
        var original = page.Locator("[data-testid=video-card]").Filter(new() { HasText = "original.mp4" });
        var edited = page.Locator("[data-testid=video-card]").Filter(new() { HasText = "edited.mp4" });
        await Assertions.Expect(original).ToBeVisibleAsync();
        await Assertions.Expect(edited).ToBeVisibleAsync();
        var percents = await page.EvaluateAsync<string[]>("window.__percents");
        output.WriteLine("upload percentages seen: " + string.Join(", ", percents));
        Assert.Contains("100 %", percents);

        var requestsWhileProcessing = new List<string>();
        page.Request += (_, request) => requestsWhileProcessing.Add($"{request.Method} {request.Url}");
        await page.WaitForSelectorAsync("[data-testid=video-card][data-status=processing], [data-testid=video-card][data-status=ready]", new() { Timeout = 60_000 });
        await session.ScreenshotAsync("processing");
        await Assertions.Expect(original).ToHaveAttributeAsync("data-status", "ready", new() { Timeout = (float)Processing.TotalMilliseconds });
        await Assertions.Expect(edited).ToHaveAttributeAsync("data-status", "ready", new() { Timeout = (float)Processing.TotalMilliseconds });
        Assert.DoesNotContain(requestsWhileProcessing, r => r.Contains("/api/videos", StringComparison.Ordinal) && !r.Contains("/thumbnail", StringComparison.Ordinal));
        await session.ScreenshotAsync("both-ready");

        // Pick A then B, and compare.
        await original.GetByRole(AriaRole.Checkbox).CheckAsync();
        await edited.GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/compare/[0-9a-f-]+/[0-9a-f-]+$"));
        var regionsInA = page.Locator("[data-testid=region-a]");
        await Assertions.Expect(regionsInA.First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await WaitForVideosAsync(page);
        await session.ScreenshotAsync("comparison");
        await session.ScreenshotAsync("comparison-full", fullPage: true);

        // A difference sits where the edit is (6–10 s in both).
        var regions = await ReadRegionsAsync(page);
        output.WriteLine("regions: " + string.Join("; ", regions.Select(r => $"{r.Kind} A {r.AStart}-{r.AEnd} B {r.BStart}-{r.BEnd}")));
        var edit = regions.FirstOrDefault(r => r.Kind == "changed" && r.AStart < TestMedia.EditEnd && r.AEnd > TestMedia.EditStart);
        Assert.NotNull(edit);

        // Frame precision: both videos have their fingerprint, the noise floor replaces the slider, and the changed
        // region shows its difference image (A, B and the difference), a real JPEG the browser decoded.
        await Assertions.Expect(page.Locator("[data-testid=precision]")).ToHaveTextAsync("frame-accurate");
        await Assertions.Expect(page.Locator("[data-testid=noise-floor]")).ToBeVisibleAsync();
        var image = page.Locator("[data-testid=difference-image]").First;
        await image.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(image).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=difference-image]'); return i && i.complete && i.naturalWidth > 0; }");
        Assert.True(await image.EvaluateAsync<int>("i => i.naturalWidth") > await image.EvaluateAsync<int>("i => i.naturalHeight"), "A, B and the difference side by side");

        // The original pairing has clip precision; its threshold slider asks the server again (the rules live there):
        // counts change, one comparison request per settled value, none for anything else.
        await page.GetByLabel("Original (clip by clip)").CheckAsync();
        await Assertions.Expect(page.Locator("[data-testid=precision]")).ToHaveTextAsync("clip precision", new() { Timeout = 30_000 });
        var slider = page.GetByLabel("Threshold", new() { Exact = true });
        var initialCount = await RegionCountAsync(page);
        var requests = new List<string>();
        void Record(object? sender, IRequest request)
        {
            // The players may still fetch media ranges and the page images; any other request would be one per tick.
            if (request.ResourceType is "fetch" or "xhr")
            {
                requests.Add($"{request.Method} {request.Url}");
            }
        }

        page.Request += Record;
        var counts = new List<int>();
        await slider.FocusAsync();
        foreach (var key in new[] { "Home", "ArrowRight", "ArrowRight", "ArrowRight", "PageUp", "PageUp", "End" })
        {
            await page.Keyboard.PressAsync(key);
            await WaitForThresholdAsync(page);
            counts.Add(await RegionCountAsync(page));
            if (counts.Count == 3)
            {
                await session.ScreenshotAsync("threshold-low");
            }
        }

        await page.WaitForTimeoutAsync(300);
        page.Request -= Record;
        output.WriteLine($"region counts: initial {initialCount}, while sliding {string.Join(", ", counts)}");
        Assert.All(requests, r => Assert.Contains("POST ", r, StringComparison.Ordinal));
        Assert.All(requests, r => Assert.Contains("/api/comparisons", r, StringComparison.Ordinal));
        Assert.InRange(requests.Count, 1, 7);
        Assert.True(counts.Distinct().Count() > 1, "The region count should change with the threshold.");
        Assert.Equal(0, counts[^1]);

        await page.GetByRole(AriaRole.Button, new() { Name = "Reset to" }).ClickAsync();
        await WaitForThresholdAsync(page);
        Assert.Equal(initialCount, await RegionCountAsync(page));

        // Back to the aligned, frame-accurate result for the rest.
        await page.GetByLabel("Aligned").CheckAsync();
        await Assertions.Expect(page.Locator("[data-testid=precision]")).ToHaveTextAsync("frame-accurate");

        // A click on a region seeks each player to its own start of that region.
        regions = await ReadRegionsAsync(page);
        edit = regions.First(r => r.Kind == "changed" && r.AStart < TestMedia.EditEnd && r.AEnd > TestMedia.EditStart);
        await page.Locator($"[data-testid=region-a][data-region='{edit.Index}']").ClickAsync();
        await page.WaitForFunctionAsync("() => !document.querySelector('[data-testid=player-a]').seeking && !document.querySelector('[data-testid=player-b]').seeking");
        var (a, b) = await CurrentTimesAsync(page);
        output.WriteLine($"after click: A {a:0.000} (region {edit.AStart}), B {b:0.000} (region {edit.BStart})");
        Assert.InRange(a, edit.AStart - 0.15, edit.AStart + 0.15);
        Assert.InRange(b, edit.BStart - 0.15, edit.BStart + 0.15);
        await session.ScreenshotAsync("region-clicked");

        // Keyboard: N on the focused timeline goes to the next difference (or stays on the last).
        await page.GetByTestId("timeline").FocusAsync();
        await page.Keyboard.PressAsync("Home");
        await page.Keyboard.PressAsync("p");
        var (afterP, _) = await CurrentTimesAsync(page);
        var first = (await ReadRegionsAsync(page))[0];
        Assert.InRange(afterP, first.AStart - 0.15, first.AStart + 0.15);

        // Play: B follows A through the alignment, within 0.1 s (drift correction); sampled while playing.
        await page.GetByRole(AriaRole.Button, new() { Name = "Play both videos" }).ClickAsync();
        var drifts = new List<double>();
        for (var i = 0; i < 12; i++)
        {
            await page.WaitForTimeoutAsync(250);
            drifts.Add(double.Parse(await page.GetByTestId("sync").GetAttributeAsync("data-drift") ?? "0", CultureInfo.InvariantCulture));
        }

        var (playedA, playedB) = await CurrentTimesAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause both videos" }).ClickAsync();
        output.WriteLine($"playing: A {playedA:0.00}, B {playedB:0.00}; drift samples {string.Join(", ", drifts.Select(d => d.ToString("0.000", CultureInfo.InvariantCulture)))}");
        Assert.True(playedA > afterP, "A should have played.");
        // Sampled on a busy 2-core machine: most samples within 0.1 s, none far off (a stall is corrected, not kept).
        var settled = drifts.Skip(2).ToList();
        Assert.True(settled.Count(d => Math.Abs(d) <= 0.1) >= settled.Count * 3 / 4, "B should stay within about 0.1 s of where the alignment puts it.");
        Assert.True(settled.All(d => Math.Abs(d) <= 0.5), "B drifted far from A and was not corrected.");
        await session.ScreenshotAsync("played");

        // Each pairing's result is kept for the page: switching back and forth asks nothing more.
        var comparisonRequests = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/comparisons", StringComparison.Ordinal))
            {
                comparisonRequests.Add(request.Method);
            }
        };
        await page.GetByLabel("Original (clip by clip)").CheckAsync();
        await Assertions.Expect(page.GetByText("Pairs clip i with clip i")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=region-a]").First).ToBeVisibleAsync();
        await page.GetByLabel("Aligned").CheckAsync();
        await page.GetByLabel("Original (clip by clip)").CheckAsync();
        await page.WaitForTimeoutAsync(300);
        Assert.Empty(comparisonRequests);
        await session.ScreenshotAsync("index-mode");

        session.AssertNoConsoleErrors();
    }

    [Fact]
    [Step(3)]
    public async Task A_reload_in_the_middle_of_an_upload_resumes_it_instead_of_starting_over()
    {
        await using var session = await BrowserSession.OpenAsync(fixture, output, "resume");
        var page = session.Page;
        var size = new FileInfo(fixture.Media.Large).Length;
        // Upload-Offset of every PATCH the page sends: after the reload none may start from 0 again.
        var offsetsBefore = new List<long>();
        var offsetsAfter = new List<long>();
        var reloaded = false;
        page.Request += (_, request) =>
        {
            if (request.Method == "PATCH" && request.Headers.TryGetValue("upload-offset", out var value))
            {
                var list = reloaded ? offsetsAfter : offsetsBefore;
                lock (list)
                {
                    list.Add(long.Parse(value, CultureInfo.InvariantCulture));
                }
            }
        };

        await page.GotoAsync("/");
        // Small chunks and a slow link, so the reload lands in the middle of the upload.
        await page.EvaluateAsync("localStorage.setItem('sage.upload.chunkSize', String(1024 * 1024))");
        var cdp = await session.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await ThrottleAsync(cdp, uploadBytesPerSecond: 8 * 1024 * 1024);

        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Choose videos…" }).ClickAsync());
        await chooser.SetFilesAsync(fixture.Media.Large);
        var card = page.Locator("[data-testid=upload-card]").Filter(new() { HasText = "large.mp4" });
        await page.WaitForFunctionAsync("""
            () => { const el = document.querySelector('[data-testid=upload-percent]'); return el && parseInt(el.textContent) >= 25; }
            """, null, new() { Timeout = 60_000 });
        await session.ScreenshotAsync("before-reload");

        await page.ReloadAsync();
        reloaded = true;
        var notice = page.GetByTestId("interrupted-upload");
        await Assertions.Expect(notice).ToContainTextAsync("large.mp4");
        await session.ScreenshotAsync("after-reload");

        cdp = await session.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await ThrottleAsync(cdp, uploadBytesPerSecond: -1);
        chooser = await page.RunAndWaitForFileChooserAsync(() => notice.GetByRole(AriaRole.Button, new() { Name = "Choose large.mp4 again to resume" }).ClickAsync());
        await chooser.SetFilesAsync(fixture.Media.Large);

        var resumed = page.GetByTestId("resumed-from");
        await Assertions.Expect(resumed).ToBeAttachedAsync();
        var offset = long.Parse(await resumed.GetAttributeAsync("data-offset") ?? "0", CultureInfo.InvariantCulture);
        await session.ScreenshotAsync("resumed");

        var video = page.Locator("[data-testid=video-card]").Filter(new() { HasText = "large.mp4" });
        await Assertions.Expect(video).ToBeVisibleAsync(new() { Timeout = 60_000 });
        output.WriteLine($"size {size}, resumed at {offset}; PATCH offsets before reload {string.Join(",", offsetsBefore)}; after {string.Join(",", offsetsAfter)}");
        Assert.InRange(offset, 1, size - 1);
        Assert.NotEmpty(offsetsBefore);
        Assert.NotEmpty(offsetsAfter);
        Assert.Equal(offset, offsetsAfter.Min());
        // Bytes the server took: what it had at the reload, plus the rest once. A restart would send all of it again.
        var received = offset + (size - offsetsAfter.Min());
        Assert.True(received < 2 * size, "The upload restarted instead of resuming.");

        // Cancel its processing (if still running) and delete it, from the card.
        var cancel = video.GetByRole(AriaRole.Button, new() { Name = "Cancel processing of large.mp4" });
        if (await cancel.IsVisibleAsync())
        {
            await cancel.ClickAsync();
            await Assertions.Expect(video).ToHaveAttributeAsync("data-status", new System.Text.RegularExpressions.Regex("cancelled|ready|failed"));
        }

        await session.ScreenshotAsync("resumed-video");
        await video.GetByRole(AriaRole.Button, new() { Name = "Delete large.mp4" }).ClickAsync();
        await video.GetByRole(AriaRole.Button, new() { Name = "Confirm: delete large.mp4" }).ClickAsync();
        await Assertions.Expect(video).ToHaveCountAsync(0);
        session.AssertNoConsoleErrors();
    }

    private static async Task ThrottleAsync(ICDPSession cdp, double uploadBytesPerSecond) =>
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false,
            ["latency"] = 0,
            ["downloadThroughput"] = -1,
            ["uploadThroughput"] = uploadBytesPerSecond,
        });

    private static async Task WaitForVideosAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('video')].every(v => v.readyState >= 2)");

    /// <summary>Until the regions shown are the server's answer for the threshold the slider asks for.</summary>
    private static async Task WaitForThresholdAsync(IPage page) =>
        await page.WaitForFunctionAsync("""
            () => {
              const count = document.querySelector('[data-testid=region-count]');
              return count && count.getAttribute('aria-busy') !== 'true' && Math.abs(+count.dataset.threshold - +count.dataset.wanted) < 1e-5;
            }
            """, null, new() { Timeout = 30_000 });

    private static async Task<int> RegionCountAsync(IPage page) =>
        int.Parse(await page.GetByTestId("region-count").InnerTextAsync(), CultureInfo.InvariantCulture);

    private static async Task<(double A, double B)> CurrentTimesAsync(IPage page)
    {
        var times = await page.EvaluateAsync<double[]>("() => [document.querySelector('[data-testid=player-a]').currentTime, document.querySelector('[data-testid=player-b]').currentTime]");
        return (times[0], times[1]);
    }

    private sealed record RegionOnTimeline(int Index, string Kind, double AStart, double AEnd, double BStart, double BEnd);

    private static async Task<List<RegionOnTimeline>> ReadRegionsAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>("""
            () => [...document.querySelectorAll('[data-testid=region-a]')].map(el => ({
              index: +el.dataset.region, kind: el.dataset.kind,
              aStart: +el.dataset.aStart, aEnd: +el.dataset.aEnd, bStart: +el.dataset.bStart, bEnd: +el.dataset.bEnd }))
            """);
        return json.EnumerateArray().Select(e => new RegionOnTimeline(
            e.GetProperty("index").GetInt32(), e.GetProperty("kind").GetString()!, e.GetProperty("aStart").GetDouble(),
            e.GetProperty("aEnd").GetDouble(), e.GetProperty("bStart").GetDouble(), e.GetProperty("bEnd").GetDouble())).ToList();
    }
}
