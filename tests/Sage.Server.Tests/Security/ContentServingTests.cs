using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Sage.Server.Data;
using Sage.Server.Tests.Tus;

namespace Sage.Server.Tests.Security;

/// <summary>Stored content is only ever served as video (or octet-stream), with nosniff, a sandbox CSP and a safe file name.</summary>
public sealed class ContentServingTests : IDisposable
{
    private readonly SageServerFactory _server = new();
    private readonly HttpClient _client;

    public ContentServingTests() => _client = _server.CreateHttpClient();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    /// <summary>A form whose file part declares any Content-Type, parseable by HttpClient or not.</summary>
    private async Task<HttpResponseMessage> UploadDeclaringAsync(string declared, string route = "/api/videos")
    {
        var file = new StreamContent(new FakeVideoStream(1000));
        Assert.True(file.Headers.TryAddWithoutValidation("Content-Type", declared));
        using var form = new MultipartFormDataContent { { file, "file", "clip.mp4" } };
        return await _client.PostAsync(route, form);
    }

    [Theory]
    [InlineData("video/x, text/html")]
    [InlineData("video/mp4 text/html")]
    [InlineData("text/html")]
    public async Task A_Form_Upload_Declaring_A_Type_List_Is_415(string declared)
    {
        using var response = await UploadDeclaringAsync(declared);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task A_Legacy_Upload_Declaring_A_Type_List_Is_415()
    {
        using var response = await UploadDeclaringAsync("video/x, text/html", "/upload-and-generate-embeddings");
        Assert.False(response.IsSuccessStatusCode);
        Assert.Empty(await _client.GetFromJsonAsync<VideoJson[]>("/api/videos", UploadClient.Json) ?? []);
    }

    [Fact]
    public async Task A_Tus_Filetype_Listing_Two_Types_Is_415()
    {
        using var response = await _client.CreateAsync(1000, TusRequests.Metadata(("filename", "clip.mp4"), ("filetype", "video/x, text/html")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task The_Form_Upload_Stores_The_Sniffed_Type_Not_The_Declared_One()
    {
        using var response = await _client.UploadAsync(new FakeVideoStream(1000), "clip.avi", "video/x-msvideo");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("video/mp4", (await response.ReadVideoAsync()).ContentType);
    }

    [Fact]
    public async Task The_Tus_Upload_Stores_The_Sniffed_Type_Not_The_Filetype()
    {
        var bytes = new byte[6000];
        new FakeVideoStream(bytes.Length).ReadExactly(bytes);
        var url = await _client.CreateUploadAsync(bytes.Length, TusRequests.Metadata(("filename", "clip.webm"), ("filetype", "video/webm")));
        using var patch = await _client.PatchAsync(url, 0, bytes);
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);

        var video = await _client.GetFromJsonAsync<VideoJson>($"/api/videos/{patch.Header("Sage-Video-Id")}", UploadClient.Json);
        Assert.Equal("video/mp4", video!.ContentType);
    }

    [Fact]
    public async Task Content_Carries_Nosniff_A_Sandbox_And_A_Safe_Disposition_On_Get_And_Head()
    {
        using var created = await _client.UploadAsync(new FakeVideoStream(1000), "é x.mp4");
        var video = await created.ReadVideoAsync();

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            using var request = new HttpRequestMessage(method, video.ContentUrl);
            using var response = await _client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(1000, response.Content.Headers.ContentLength);
            Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
            Assert.Equal("sandbox", response.Header("Content-Security-Policy"));
            Assert.Equal("inline; filename=\"_ x.mp4\"; filename*=UTF-8''%C3%A9%20x.mp4", response.Header("Content-Disposition"));
            Assert.Equal(method == HttpMethod.Head ? 0 : 1000, (await response.Content.ReadAsByteArrayAsync()).Length);
        }
    }

    [Fact]
    public async Task Head_Is_Routed_On_Every_Get_Media_Route()
    {
        using var created = await _client.UploadAsync(new FakeVideoStream(1000));
        var video = await created.ReadVideoAsync();

        // No thumbnail exists for fake bytes, and no comparison for a random id: the answer is the handler's 404, not the fallback's.
        foreach (var path in new[] { $"/api/videos/{video.Id}/thumbnail", $"/api/comparisons/{Guid.NewGuid()}/regions/0/difference" })
        {
            using var get = await _client.GetAsync(path);
            using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.Equal(get.StatusCode, head.StatusCode);
            Assert.NotEqual(HttpStatusCode.MethodNotAllowed, head.StatusCode);
            Assert.DoesNotContain("There is no route", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_Row_Stored_With_A_Hostile_Type_Is_Served_As_A_Safe_One()
    {
        using var created = await _client.UploadAsync(new FakeVideoStream(1000), "page.html", "application/octet-stream");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, created.StatusCode);

        using var mp4 = await _client.UploadAsync(new FakeVideoStream(1000), "clip.mp4");
        var video = await mp4.ReadVideoAsync();
        var database = _server.Services.GetRequiredService<SageDatabase>();
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("UPDATE videos SET content_type = 'video/x, text/html', filename = 'page.html' WHERE id = @id", new { id = video.Id });
        }

        using var response = await _client.GetAsync(video.ContentUrl);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
    }

    [Fact]
    public async Task Every_Answer_Says_Nosniff_And_Html_Gets_A_Strict_Policy()
    {
        using var problem = await _client.GetAsync("/api/videos/" + Guid.NewGuid());
        Assert.Equal("nosniff", problem.Header("X-Content-Type-Options"));

        using var list = await _client.GetAsync("/api/videos");
        Assert.Equal("nosniff", list.Header("X-Content-Type-Options"));
        Assert.Null(list.Header("Content-Security-Policy"));

        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        using var root = await _client.SendAsync(page);
        if (root.Content.Headers.ContentType?.MediaType == "text/html")
        {
            var policy = root.Header("Content-Security-Policy")!;
            Assert.Contains("frame-ancestors 'self'", policy, StringComparison.Ordinal);
            Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
            Assert.Equal("SAMEORIGIN", root.Header("X-Frame-Options"));
        }
    }
}
