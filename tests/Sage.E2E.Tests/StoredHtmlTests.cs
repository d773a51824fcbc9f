using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Sage.E2E.Tests;

/// <summary>
/// Issue 12 item 1: a file whose bytes are HTML with a script, uploaded as a video, must never run as a page of
/// SAGE's origin. Bare HTML is refused at upload by its first bytes; what a server stores is HTML behind a video
/// container's signature (an ftyp box, or a real MP4 with the page appended). Chromium opens its content URL and
/// the script must have no effect.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StoredHtmlTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const string Beacon = "/pwned-beacon";

    private static readonly byte[] Page = Encoding.UTF8.GetBytes($$"""
        <!doctype html><html><head><title>safe</title></head><body>
        <script>document.title = 'pwned'; window.__pwned = true; fetch('{{Beacon}}');</script>
        <img src="x" onerror="document.title = 'pwned'; window.__pwned = true">
        </body></html>
        """);

    // An ISO base media "ftyp" box (major brand isom): what the server's ContainerSignature calls MP4.
    private static readonly byte[] FtypBox = [0, 0, 0, 0x18, .. "ftypisom"u8, 0, 0, 2, 0, .. "isommp41"u8];

    private static byte[] FtypThenPage => [.. FtypBox, .. Page];

    [Fact]
    public async Task Html_declared_as_a_video_is_refused_at_upload_by_form_and_by_tus()
    {
        using var client = fixture.Server.CreateHttpClient();
        // Bare HTML: no container signature. A list of types: refused by the declaration, whatever the bytes.
        using var bare = await FormUploadAsync(client, Page, "video/mp4");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, bare.StatusCode);
        using var listedForm = await FormUploadAsync(client, FtypThenPage, "video/x, text/html");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, listedForm.StatusCode);

        // tus refuses the list at creation, before a byte is sent.
        using var listed = await CreateTusUploadAsync(client, FtypThenPage.Length, "video/x, text/html");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, listed.StatusCode);

        // A plain video type gets in the door; the first bytes then end the upload.
        using var created = await CreateTusUploadAsync(client, Page.Length, "video/mp4");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var patch = await PatchAsync(client, created.Headers.Location!, Page);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, patch.StatusCode);
        Assert.False(patch.Headers.Contains("Sage-Video-Id"));
    }

    [Fact]
    public async Task Html_behind_a_video_signature_is_stored_but_served_as_video_with_nosniff_and_never_runs()
    {
        using var client = fixture.Server.CreateHttpClient();
        byte[] mp4ThenPage = [.. await File.ReadAllBytesAsync(fixture.Media.Original), .. Page];

        using var form = await FormUploadAsync(client, FtypThenPage, "video/mp4");
        Assert.Equal(HttpStatusCode.Created, form.StatusCode);
        var formId = (await form.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;

        using var created = await CreateTusUploadAsync(client, mp4ThenPage.Length, "video/mp4");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var patch = await PatchAsync(client, created.Headers.Location!, mp4ThenPage);
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        var tusId = patch.Headers.GetValues("Sage-Video-Id").Single();

        await using var session = await BrowserSession.OpenAsync(fixture, output, "stored-html");
        var page = session.Page;
        var beacons = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains(Beacon, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref beacons);
            }
        };

        foreach (var id in new[] { formId, tusId })
        {
            var response = await page.GotoAsync($"/api/videos/{id}/content");
            Assert.NotNull(response);
            var headers = await response.AllHeadersAsync();
            output.WriteLine($"{id}: {response.Status} {headers["content-type"]}, {headers["content-security-policy"]}");
            Assert.Equal("nosniff", headers["x-content-type-options"]);
            Assert.Equal("video/mp4", headers["content-type"]);
            Assert.Equal("sandbox", headers["content-security-policy"]);

            // Give a script every chance to run before looking for what it would have done.
            await page.WaitForTimeoutAsync(500);
            Assert.NotEqual("pwned", await page.TitleAsync());
            Assert.False(await page.EvaluateAsync<bool>("() => window.__pwned === true"));
            Assert.Equal(0, await page.Locator("script").CountAsync());
            await session.ScreenshotAsync($"content-{(id == formId ? "form" : "tus")}");
        }

        Assert.Equal(0, Volatile.Read(ref beacons));
        foreach (var id in new[] { formId, tusId })
        {
            using var deleted = await client.DeleteAsync($"/api/videos/{id}");
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
    }

    private static async Task<HttpResponseMessage> FormUploadAsync(HttpClient client, byte[] bytes, string declaredType)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        // Set without parsing: "video/x, text/html" is the point, not a valid header value.
        file.Headers.TryAddWithoutValidation("Content-Type", declaredType);
        content.Add(file, "file", "clip.mp4");
        return await client.PostAsync("/api/videos", content);
    }

    private static async Task<HttpResponseMessage> CreateTusUploadAsync(HttpClient client, long length, string fileType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads/");
        request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.Add("Upload-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("Upload-Metadata", $"filename {Base64("clip.mp4")},filetype {Base64(fileType)}");
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PatchAsync(HttpClient client, Uri location, byte[] bytes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ByteArrayContent(bytes) };
        request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.Add("Upload-Offset", "0");
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        return await client.SendAsync(request);
    }

    private static string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
}
