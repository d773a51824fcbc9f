using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sage.Server.Auth;
using Sage.Server.Tests.Settings;
using Sage.Server.Tests.Tus;

namespace Sage.Server.Tests.Auth;

/// <summary>An uploader deletes only the videos its own token uploaded (form or tus); an admin deletes any.</summary>
public sealed class VideoOwnershipTests
{
    private const string Admin = "bootstrap-admin-secret-ownership-42";

    [Fact]
    public async Task An_Uploader_Deletes_Its_Own_Videos_Only_And_An_Admin_Any()
    {
        await using var server = await SettingsServer.StartAsync(new Dictionary<string, string?>
        {
            ["Sage:Auth:Mode"] = "Token",
            ["Sage:Auth:BootstrapToken"] = Admin,
        });
        using var alice = ClientFor(server, await CreateTokenAsync(server.Client, "uploader"));
        using var bob = ClientFor(server, await CreateTokenAsync(server.Client, "uploader"));
        using var admin = ClientFor(server, Admin);

        var alicesForm = await FormUploadAsync(alice, "alice-form.mp4");
        var alicesTus = await TusUploadAsync(alice, "alice-tus.mp4");
        var bobs = await FormUploadAsync(bob, "bob.mp4");

        foreach (var id in (Guid[])[alicesForm, alicesTus])
        {
            using var refused = await bob.DeleteAsync(new Uri($"/api/videos/{id}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(new Uri($"/api/videos/{id}", UriKind.Relative))).StatusCode);
        }

        foreach (var id in (Guid[])[alicesForm, alicesTus])
        {
            Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync(new Uri($"/api/videos/{id}", UriKind.Relative))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await alice.DeleteAsync(new Uri($"/api/videos/{bobs}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(new Uri($"/api/videos/{bobs}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.DeleteAsync(new Uri($"/api/videos/{bobs}", UriKind.Relative))).StatusCode);
    }

    private static async Task<Guid> FormUploadAsync(HttpClient client, string fileName)
    {
        using var response = await client.UploadAsync(new FakeVideoStream(64 * 1024), fileName);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadVideoAsync()).Id;
    }

    private static async Task<Guid> TusUploadAsync(HttpClient client, string fileName)
    {
        var bytes = new byte[64 * 1024];
        await new FakeVideoStream(bytes.Length).ReadExactlyAsync(bytes);
        var url = await client.CreateUploadAsync(bytes.Length, TusRequests.Metadata(("filename", fileName), ("filetype", "video/mp4")));
        using var patched = await client.PatchAsync(url, 0, bytes);
        Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        var videos = await client.GetFromJsonAsync<JsonElement>("/api/videos");
        return videos.EnumerateArray().Single(v => v.GetProperty("fileName").GetString() == fileName).GetProperty("id").GetGuid();
    }

    private static HttpClient ClientFor(SettingsServer server, string secret)
    {
        var client = server.Factory.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private static async Task<string> CreateTokenAsync(HttpClient client, string role)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens") { Content = JsonContent.Create(new { name = role + "-owner-test", role }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Admin);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedAccessToken>())!.Secret;
    }
}
