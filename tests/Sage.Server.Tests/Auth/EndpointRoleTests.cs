using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sage.Server.Auth;
using Sage.Server.Infrastructure;
using Sage.Server.Tests.Settings;

namespace Sage.Server.Tests.Auth;

public sealed class EndpointRoleTests
{
    private const string Anonymous = "anonymous";

    /// <summary>Every route and the role it needs. A route missing here, or mapped with no policy, fails the test.</summary>
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["GET /openapi/{documentName}.json"] = SageRoles.Viewer,
        ["POST /api/tokens/"] = SageRoles.Admin,
        ["GET /api/tokens/"] = SageRoles.Admin,
        ["DELETE /api/tokens/{id}"] = SageRoles.Admin,
        ["POST /api/session/"] = Anonymous,
        ["GET /api/session/"] = Anonymous,
        ["DELETE /api/session/"] = Anonymous,
        ["GET /api/health"] = Anonymous,
        ["POST /api/videos/"] = SageRoles.Uploader,
        ["GET /api/videos/"] = SageRoles.Viewer,
        ["GET /api/videos/{id:guid}"] = SageRoles.Viewer,
        ["GET /api/videos/{id:guid}/content"] = SageRoles.Viewer,
        ["HEAD /api/videos/{id:guid}/content"] = SageRoles.Viewer,
        ["GET /api/videos/{id:guid}/thumbnail"] = SageRoles.Viewer,
        ["HEAD /api/videos/{id:guid}/thumbnail"] = SageRoles.Viewer,
        ["GET /api/videos/{id:guid}/playback"] = SageRoles.Viewer,
        ["HEAD /api/videos/{id:guid}/playback"] = SageRoles.Viewer,
        ["POST /api/videos/{id:guid}/proxy"] = SageRoles.Uploader,
        ["POST /api/videos/{id:guid}/proxy/cancel"] = SageRoles.Uploader,
        ["* /health/live"] = Anonymous,
        ["* /health/ready"] = Anonymous,
        ["* /metrics"] = SageRoles.Admin,
        ["DELETE /api/videos/{id:guid}"] = SageRoles.Uploader,
        ["GET /api/videos/{id:guid}/embedding"] = SageRoles.Viewer,
        ["POST /api/videos/{id:guid}/embedding/cancel"] = SageRoles.Uploader,
        ["POST /api/videos/{id:guid}/embedding"] = SageRoles.Uploader,
        ["POST /api/videos/{id:guid}/fingerprint"] = SageRoles.Uploader,
        ["POST /api/videos/{id:guid}/fingerprint/cancel"] = SageRoles.Uploader,
        ["POST /api/comparisons/"] = SageRoles.Viewer,
        ["GET /api/comparisons/"] = SageRoles.Viewer,
        ["GET /api/comparisons/{id}"] = SageRoles.Viewer,
        ["GET /api/comparisons/{id:guid}/regions/{index:int}/difference"] = SageRoles.Viewer,
        ["HEAD /api/comparisons/{id:guid}/regions/{index:int}/difference"] = SageRoles.Viewer,
        ["POST /compare-local-videos"] = SageRoles.Viewer,
        ["GET /api/settings/twelvelabs"] = SageRoles.Admin,
        ["PUT /api/settings/twelvelabs"] = SageRoles.Admin,
        ["DELETE /api/settings/twelvelabs"] = SageRoles.Admin,
        ["GET /api/settings/engine"] = SageRoles.Admin,
        ["PUT /api/settings/engine"] = SageRoles.Admin,
        ["POST /validate-key"] = SageRoles.Admin,
        ["GET /api/events"] = SageRoles.Viewer,
        ["POST /upload-and-generate-embeddings"] = SageRoles.Uploader,
        ["OPTIONS /api/uploads/"] = Anonymous,
        ["OPTIONS /api/uploads/{id}"] = Anonymous,
        ["POST /api/uploads/"] = SageRoles.Uploader,
        ["HEAD /api/uploads/{id}"] = SageRoles.Uploader,
        ["PATCH /api/uploads/{id}"] = SageRoles.Uploader,
        ["DELETE /api/uploads/{id}"] = SageRoles.Uploader,
        ["POST /api/uploads/{id}"] = SageRoles.Uploader,
        ["GET /api/uploads/{id}"] = SageRoles.Uploader,
        ["GET /video-status/{video_id}"] = SageRoles.Viewer,
        ["GET /embedding-status/{embedding_id}"] = SageRoles.Viewer,
        ["POST /cancel-embedding-task/{embedding_id}"] = SageRoles.Uploader,
        ["GET /serve-video/{video_id}"] = SageRoles.Viewer,
        ["GET /health"] = Anonymous,
        ["* {*path:nonfile}"] = Anonymous,
    };

    [Fact]
    public async Task Every_Endpoint_Requires_The_Role_In_The_Matrix()
    {
        await using var server = await SettingsServer.StartAsync();
        _ = server.Client;
        var sources = server.Factory.Services.GetServices<EndpointDataSource>();
        var actual = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods)
            {
                actual[$"{method} {endpoint.RoutePattern.RawText}"] = RequiredRole(endpoint);
            }
        }

        var problems = actual.Where(a => !Expected.TryGetValue(a.Key, out var role) || role != a.Value)
            .Select(a => $"{a.Key} requires {a.Value}, expected {(Expected.TryGetValue(a.Key, out var r) ? r : "(not in the matrix)")}")
            .Concat(Expected.Keys.Except(actual.Keys).Select(k => $"{k} is in the matrix but not mapped"))
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string RequiredRole(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return Anonymous;
        }
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
        if (policies.Contains(SageRoles.Admin))
        {
            return SageRoles.Admin;
        }
        if (policies.Contains(SageRoles.Uploader))
        {
            return SageRoles.Uploader;
        }
        return policies.Contains(SageRoles.Viewer) ? SageRoles.Viewer : "OPEN";
    }

    [Fact]
    public async Task Token_Mode_Applies_The_Role_Matrix_And_Revokes_At_Once()
    {
        const string admin = "bootstrap-admin-secret-0123456789";
        await using var server = await SettingsServer.StartAsync(new Dictionary<string, string?>
        {
            ["Sage:Auth:Mode"] = "Token",
            ["Sage:Auth:BootstrapToken"] = admin,
        });
        var client = server.Client;

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/videos", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/health", UriKind.Relative))).StatusCode);

        var viewer = await CreateTokenAsync(client, admin, "viewer");
        var uploader = await CreateTokenAsync(client, admin, "uploader");

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/api/videos", viewer.Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Post, "/api/uploads", viewer.Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Get, "/api/settings/engine", uploader.Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Get, "/api/tokens", uploader.Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/api/settings/engine", admin)).StatusCode);

        var list = await (await SendAsync(client, HttpMethod.Get, "/api/tokens", admin)).Content.ReadAsStringAsync();
        Assert.Contains(viewer.Id, list, StringComparison.Ordinal);
        Assert.DoesNotContain(viewer.Secret, list, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(client, HttpMethod.Delete, "/api/tokens/" + viewer.Id, admin)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, HttpMethod.Get, "/api/videos", viewer.Secret)).StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://192.168.1.4:5000", false)]
    public void Loopback_Addresses_Are_Told_Apart(string address, bool loopback) =>
        Assert.Equal(loopback, ListenAddresses.IsLoopback(address));

    private static async Task<CreatedAccessToken> CreateTokenAsync(HttpClient client, string admin, string role)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens") { Content = JsonContent.Create(new { name = role + "-test", role }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedAccessToken>())!;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string secret)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return await client.SendAsync(request);
    }
}
