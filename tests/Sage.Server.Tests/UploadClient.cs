using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sage.Server.Tests;

/// <summary>What the tests send and read back, in the API's own JSON.</summary>
public sealed record VideoJson(Guid Id, string FileName, long Size, string ContentType, string Sha256, string StorageKey, DateTimeOffset CreatedAt, string Status, string ContentUrl);

public static class UploadClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static MultipartFormDataContent Form(Stream content, string fileName = "clip.mp4", string contentType = "video/mp4", string field = "file")
    {
        var file = new StreamContent(content, 64 * 1024);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var form = new MultipartFormDataContent { { file, field, fileName } };
        return form;
    }

    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, Stream content, string fileName = "clip.mp4", string contentType = "video/mp4", string route = "/api/videos")
    {
        using var form = Form(content, fileName, contentType);
        return await client.PostAsync(route, form);
    }

    public static async Task<VideoJson> ReadVideoAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<VideoJson>(Json))!;

    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }
}
