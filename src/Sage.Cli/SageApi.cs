using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sage.Cli;

/// <summary>The server's JSON API as the commands use it; a refusal becomes a <see cref="ServerProblemException"/> with its title and detail.</summary>
public sealed class SageApi(HttpClient http)
{
    public HttpClient Http => http;

    public static HttpClient CreateHttpClient(CliSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var client = new HttpClient { BaseAddress = settings.Server, Timeout = TimeSpan.FromMinutes(10) };
        if (settings.Token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        }

        return client;
    }

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new ServerProblemException(await Problem.ReadAsync(response, cancellationToken).ConfigureAwait(false));
        }

        return response.Content.Headers.ContentLength == 0 || response.StatusCode == System.Net.HttpStatusCode.NoContent
            ? default
            : await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Until the video's embedding is ready (or failed).</summary>
    public async Task<JsonElement> WaitForEmbeddingAsync(Guid id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var video = await GetAsync($"api/videos/{id}", cancellationToken).ConfigureAwait(false);
            var status = video.TryGetProperty("status", out var s) ? s.GetString() : null;
            var embedding = video.TryGetProperty("embedding", out var e) && e.ValueKind == JsonValueKind.Object ? e.GetProperty("status").GetString() : null;
            if (status == "failed" || embedding == "failed")
            {
                throw new ServerProblemException(new Problem(500, "Processing failed", $"Video {id}: {(video.TryGetProperty("error", out var error) ? error.ToString() : "")} {(e.ValueKind == JsonValueKind.Object ? e.GetProperty("error").ToString() : "")}".Trim()));
            }

            if (embedding == "ready")
            {
                return video;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }
}

public sealed class ServerProblemException(Problem problem) : Exception(problem?.ToString())
{
    public Problem Problem { get; } = problem!;
}
