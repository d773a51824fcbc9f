using System.Net;

namespace Sage.Server.Tests.Tus;

/// <summary>Browsers on a configured origin may use the tus routes; others get no CORS headers.</summary>
public sealed class TusCorsTests : IDisposable
{
    private const string Allowed = "https://app.example.com";
    private readonly SageServerFactory _server = new(new Dictionary<string, string?> { ["Sage:Uploads:CorsOrigins:0"] = Allowed });
    private readonly HttpClient _client;

    public TusCorsTests() => _client = _server.CreateHttpClient();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private static HttpRequestMessage Preflight(string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/uploads/" + Guid.NewGuid());
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    [Fact]
    public async Task A_Preflight_From_An_Allowed_Origin_Allows_Patch_And_The_Tus_Headers()
    {
        using var request = Preflight(Allowed, "PATCH", "tus-resumable,upload-offset,upload-checksum,content-type,x-http-method-override,x-request-id,authorization");
        using var response = await _client.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(Allowed, response.Header("Access-Control-Allow-Origin"));
        Assert.Contains("PATCH", response.Header("Access-Control-Allow-Methods"), StringComparison.Ordinal);
        var allowed = response.Header("Access-Control-Allow-Headers")!.ToLowerInvariant();
        foreach (var header in new[] { "tus-resumable", "upload-length", "upload-offset", "upload-metadata", "upload-defer-length", "upload-checksum", "content-type", "x-http-method-override", "x-request-id", "authorization" })
        {
            Assert.Contains(header, allowed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_Preflight_From_Another_Origin_Gets_No_Cors_Headers()
    {
        using var request = Preflight("https://evil.example.com", "PATCH", "upload-offset");
        using var response = await _client.SendAsync(request);

        Assert.Null(response.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Answers_Expose_The_Tus_Headers_To_An_Allowed_Origin()
    {
        using var response = await _client.CreateAsync(1000, configure: r => r.Headers.Add("Origin", Allowed));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Allowed, response.Header("Access-Control-Allow-Origin"));
        var exposed = response.Header("Access-Control-Expose-Headers")!.Split(',').Select(h => h.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var header in new[]
                 {
                     "Location", "Upload-Offset", "Upload-Length", "Upload-Defer-Length", "Upload-Metadata", "Upload-Expires", "Tus-Resumable",
                     "Tus-Version", "Tus-Extension", "Tus-Max-Size", "Tus-Checksum-Algorithm", "Sage-Video-Id",
                 })
        {
            Assert.Contains(header, exposed);
        }
    }
}
