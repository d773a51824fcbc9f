using System.Net.Http.Json;
using System.Text.Json;

namespace Sage.Server.Tests.Pipeline;

public static class PipelineClient
{
    public static async Task<JsonElement> UploadFileAsync(this HttpClient client, string path, string contentType = "video/mp4")
    {
        await using var file = File.OpenRead(path);
        using var response = await client.UploadAsync(file, Path.GetFileName(path), contentType);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> GetVideoAsync(this HttpClient client, string id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/videos/{id}");

    /// <summary>Polls the API until the condition holds (tests only: the UI uses SSE).</summary>
    public static async Task<JsonElement> WaitForVideoAsync(this HttpClient client, string id, Func<JsonElement, bool> condition, int timeoutSeconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        JsonElement video;
        do
        {
            video = await client.GetVideoAsync(id);
            if (condition(video))
            {
                return video;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"Video {id} did not reach the expected state; last seen: {video}");
    }

    public static string EmbeddingStatus(this JsonElement video) =>
        video.GetProperty("embedding").ValueKind == JsonValueKind.Null ? "" : video.GetProperty("embedding").GetProperty("status").GetString()!;

    public static bool IsFinal(this JsonElement video) =>
        video.EmbeddingStatus() is "ready" or "failed" or "cancelled";
}
