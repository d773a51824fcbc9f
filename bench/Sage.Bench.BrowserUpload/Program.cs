using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

// Uploads a file through SAGE's own web UI in headless Chromium (/usr/bin/chromium), as a user would: the file
// chosen in the upload input, tus-js-client in the page sending it in PATCHes of --chunk-bytes. Prints one JSON line:
// the time from choosing the file to the answer that names the new video (Sage-Video-Id), its id, and the PATCHes'
// mean duration and the mean gap between them. With --form, the reference instead: the same browser POSTs the file
// as multipart/form-data to /api/videos (fetch + FormData). Used by bench/tus/run.sh when BROWSER=1:
//   dotnet run -c Release -- --base http://127.0.0.1:5000 --file big.mp4 [--chunk-bytes 10485760] [--form] [--chromium /usr/bin/chromium]
var options = Options.Parse(args);
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = options.Chromium,
    Headless = true,
    Args = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = options.Base });
await context.AddInitScriptAsync($"window.localStorage.setItem('sage.upload.chunkSize', '{options.ChunkBytes.ToString(CultureInfo.InvariantCulture)}');");
var page = await context.NewPageAsync();
await page.GotoAsync("/");
await page.GetByRole(AriaRole.Button, new() { Name = "Choose videos…" }).WaitForAsync();

var created = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
var clock = Stopwatch.StartNew();
var patches = new List<(double Sent, double Answered)>();
var sent = new Dictionary<IRequest, double>();
page.Request += (_, request) =>
{
    if (request.Method == "PATCH")
    {
        lock (sent)
        {
            sent[request] = clock.Elapsed.TotalMilliseconds;
        }
    }
};
page.Response += (_, response) =>
{
    lock (sent)
    {
        if (sent.Remove(response.Request, out var at))
        {
            patches.Add((at, clock.Elapsed.TotalMilliseconds));
        }
    }

    if (response.Headers.TryGetValue("sage-video-id", out var videoId))
    {
        created.TrySetResult(videoId);
    }
    else if (response.Url.Contains("/api/uploads/", StringComparison.Ordinal) && response.Status >= 400)
    {
        created.TrySetException(new InvalidOperationException($"{response.Request.Method} {response.Url}: {response.Status}"));
    }
};

Stopwatch stopwatch;
string video;
if (options.Form)
{
    // The reference: the same file POSTed by the same browser as multipart/form-data (fetch + FormData).
    await page.EvaluateAsync("() => { const input = document.createElement('input'); input.type = 'file'; input.id = 'bench-file'; document.body.append(input); }");
    await page.Locator("#bench-file").SetInputFilesAsync(options.File);
    stopwatch = Stopwatch.StartNew();
    video = await page.EvaluateAsync<string>(
        """
        async () => {
          const form = new FormData();
          form.append('file', document.getElementById('bench-file').files[0]);
          const response = await fetch('/api/videos', { method: 'POST', body: form });
          if (!response.ok) throw new Error('POST /api/videos: ' + response.status);
          return (await response.json()).id;
        }
        """);
    stopwatch.Stop();
}
else if (options.BareTusScript is { } tusScript)
{
    // tus-js-client alone in the page (its browser bundle), without the UI around it.
    await page.AddScriptTagAsync(new() { Path = tusScript });
    await page.EvaluateAsync("() => { const input = document.createElement('input'); input.type = 'file'; input.id = 'bench-file'; document.body.append(input); }");
    await page.Locator("#bench-file").SetInputFilesAsync(options.File);
    stopwatch = Stopwatch.StartNew();
    video = await page.EvaluateAsync<string>(
        """
        (chunkSize) => new Promise((resolve, reject) => {
          const file = document.getElementById('bench-file').files[0];
          const upload = new tus.Upload(file, {
            endpoint: '/api/uploads/', chunkSize, metadata: { filename: file.name, filetype: 'video/mp4' },
            onError: reject,
            onSuccess: ({ lastResponse }) => resolve(lastResponse.getHeader('Sage-Video-Id')),
          });
          upload.start();
        })
        """,
        options.ChunkBytes);
    stopwatch.Stop();
}
else
{
    stopwatch = Stopwatch.StartNew();
    await page.Locator("[data-testid=file-input]").SetInputFilesAsync(options.File);
    video = await created.Task.WaitAsync(TimeSpan.FromMinutes(10));
    stopwatch.Stop();
}

await Task.Delay(100); // the last response event
double patchMs, gapMs;
lock (sent)
{
    patchMs = patches.Count == 0 ? 0 : patches.Average(p => p.Answered - p.Sent);
    gapMs = patches.Count < 2 ? 0 : patches.Zip(patches.Skip(1), (a, b) => b.Sent - a.Answered).Average();
}

Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"{{\"elapsedMs\":{stopwatch.Elapsed.TotalMilliseconds:F1},\"videoId\":\"{video}\",\"patches\":{patches.Count},\"patchMs\":{patchMs:F1},\"gapMs\":{gapMs:F1}}}"));

internal sealed record Options(string Base, string File, long ChunkBytes, string Chromium, bool Form, string? BareTusScript)
{
    public static Options Parse(string[] args)
    {
        string? Value(string name)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        return new Options(
            Value("--base") ?? throw new ArgumentException("--base URL is required"),
            Path.GetFullPath(Value("--file") ?? throw new ArgumentException("--file PATH is required")),
            long.Parse(Value("--chunk-bytes") ?? "10485760", CultureInfo.InvariantCulture),
            Value("--chromium") ?? "/usr/bin/chromium",
            args.Contains("--form"),
            Value("--bare-tus") is { } script ? Path.GetFullPath(script) : null);
    }
}
