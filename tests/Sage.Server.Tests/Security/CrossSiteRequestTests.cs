using System.Net;
using System.Net.Http.Json;
using Sage.Server.Tests.Tus;

namespace Sage.Server.Tests.Security;

/// <summary>A browser on another site cannot change anything; SAGE's own page, a trusted origin and non-browser clients can.</summary>
public sealed class CrossSiteRequestTests : IDisposable
{
    private const string Trusted = "https://app.example.com";
    private const string Evil = "https://evil.example";
    private readonly SageServerFactory _server = new(new Dictionary<string, string?> { ["Sage:Uploads:CorsOrigins:0"] = Trusted });
    private readonly HttpClient _client;

    public CrossSiteRequestTests() => _client = _server.CreateHttpClient();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private string OwnOrigin => _server.BaseAddress.GetLeftPart(UriPartial.Authority);

    private async Task<HttpResponseMessage> FormUploadAsync(params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/videos") { Content = UploadClient.Form(new FakeVideoStream(10_000)) };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await _client.SendAsync(request);
    }

    private async Task<VideoJson[]> VideosAsync() => (await _client.GetFromJsonAsync<VideoJson[]>("/api/videos", UploadClient.Json))!;

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Equal("Cross-site request refused", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_Cross_Site_Form_Upload_Is_Refused_And_Stores_Nothing()
    {
        using var response = await FormUploadAsync(("Origin", Evil));

        await AssertRefusedAsync(response);
        Assert.Empty(await VideosAsync());
        var objects = Path.Combine(_server.DataDirectory, "objects");
        Assert.False(Directory.Exists(objects) && Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories).Any());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("http://localhost.evil.example")]
    public async Task An_Opaque_Or_Lookalike_Origin_Is_Refused(string origin)
    {
        using var response = await FormUploadAsync(("Origin", origin));

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task A_Sec_Fetch_Site_Cross_Site_Tus_Delete_Is_Refused_And_The_Upload_Stays()
    {
        var upload = await _client.CreateUploadAsync(1000);
        using var request = TusRequests.Tus(HttpMethod.Delete, upload);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await _client.SendAsync(request);

        await AssertRefusedAsync(response);
        using var head = await _client.HeadAsync(upload);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task A_Cross_Site_Tus_Method_Override_Is_Refused()
    {
        var upload = await _client.CreateUploadAsync(1000);
        using var request = TusRequests.Tus(HttpMethod.Post, upload);
        request.Headers.Add("X-HTTP-Method-Override", "DELETE");
        request.Headers.Add("Origin", Evil);

        using var response = await _client.SendAsync(request);

        await AssertRefusedAsync(response);
    }

    [Theory]
    [InlineData("/upload-and-generate-embeddings")]
    [InlineData("/cancel-embedding-task/00000000-0000-0000-0000-000000000001")]
    [InlineData("/compare-local-videos")]
    [InlineData("/validate-key")]
    public async Task The_Original_Routes_Refuse_A_Cross_Site_Post(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("") };
        request.Headers.Add("Origin", Evil);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await _client.SendAsync(request);

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task A_Same_Origin_Upload_Is_Accepted()
    {
        using var response = await FormUploadAsync(("Origin", OwnOrigin), ("Sec-Fetch-Site", "same-origin"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task An_Upload_From_A_Trusted_Origin_Is_Accepted()
    {
        using var response = await FormUploadAsync(("Origin", Trusted), ("Sec-Fetch-Site", "cross-site"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("same-site")]
    [InlineData("none")]
    public async Task Sec_Fetch_Site_Without_Cross_Site_Is_Accepted(string site)
    {
        using var response = await FormUploadAsync(("Sec-Fetch-Site", site));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_Request_With_Neither_Header_Is_Accepted()
    {
        using var response = await FormUploadAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_Cross_Site_Read_Is_Not_Refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/videos");
        request.Headers.Add("Origin", Evil);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
