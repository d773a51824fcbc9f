using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sage.Core.Embeddings;

namespace Sage.Embeddings.TwelveLabs;

/// <summary>
/// The typed HttpClient for TwelveLabs' embedding endpoints (v1 <c>/embed/tasks</c>, v2
/// <c>/embed-v2/tasks</c>). Every call sends <c>x-api-key</c>, retries 429/408/5xx/network errors
/// (honouring Retry-After and X-Ratelimit-Reset), and turns error bodies into exceptions:
/// 401 → <see cref="TwelveLabsFailure.KeyInvalid"/>, other 4xx → <see cref="TwelveLabsFailure.Refused"/>.
/// </summary>
public sealed class TwelveLabsClient(HttpClient httpClient, IOptionsMonitor<TwelveLabsOptions> options, TimeProvider timeProvider, ILogger<TwelveLabsClient> logger)
{
    /// <summary>The name of the HttpClient registration.</summary>
    public const string HttpClientName = "TwelveLabs";

    private const int UploadBufferSize = 1 << 16;

    /// <summary>
    /// <c>POST /embed/tasks</c> as multipart/form-data: model_name, video_clip_length, the scope field
    /// once per scope, and video_url or the streamed video_file. Returns the task id.
    /// </summary>
    public async Task<string> CreateEmbedTaskAsync(string apiKey, TwelveLabsEmbedTaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.VideoUrl is null && request.VideoFilePath is null)
        {
            throw new ArgumentException("The request needs a video URL or a video file.", nameof(request));
        }

        var uri = Endpoint("embed/tasks");
        // A file upload is bounded by the overall timeout only: 2 GB can take longer than any per-request limit.
        using var response = await SendAsync(
            "create embed task",
            () => new HttpRequestMessage(HttpMethod.Post, uri) { Content = BuildV1CreateContent(request) },
            apiKey,
            boundedByRequestTimeout: request.VideoUrl is not null,
            Options.MaxRetries,
            cancellationToken).ConfigureAwait(false);
        using var document = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        return TwelveLabsResponseParser.ReadTaskId(document.RootElement);
    }

    /// <summary><c>GET /embed/tasks/{id}/status</c>.</summary>
    public async Task<TwelveLabsTask> GetEmbedTaskStatusAsync(string apiKey, string taskId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        var uri = Endpoint($"embed/tasks/{Uri.EscapeDataString(taskId)}/status");
        using var response = await SendAsync("get embed task status", () => new HttpRequestMessage(HttpMethod.Get, uri), apiKey, true, Options.MaxRetries, cancellationToken).ConfigureAwait(false);
        using var document = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        return TwelveLabsResponseParser.ReadV1Task(document.RootElement, taskId);
    }

    /// <summary><c>GET /embed/tasks/{id}</c>, optionally only some <c>embedding_option</c>s (null: all, mixed in one list).</summary>
    public async Task<TwelveLabsTask> GetEmbedTaskAsync(string apiKey, string taskId, IReadOnlyList<string>? embeddingOptions, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        var query = embeddingOptions is { Count: > 0 }
            ? "?" + string.Join('&', embeddingOptions.Select(o => "embedding_option=" + Uri.EscapeDataString(o)))
            : string.Empty;
        var uri = Endpoint($"embed/tasks/{Uri.EscapeDataString(taskId)}{query}");
        using var response = await SendAsync("get embed task", () => new HttpRequestMessage(HttpMethod.Get, uri), apiKey, true, Options.MaxRetries, cancellationToken).ConfigureAwait(false);
        using var document = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        return TwelveLabsResponseParser.ReadV1Task(document.RootElement, taskId);
    }

    /// <summary>
    /// <c>POST /embed-v2/tasks</c> with JSON. SAGE sends v2 a URL only: v2 also takes base64 (the whole
    /// video inside the JSON) or an asset id from the separate upload API, neither of which it uses.
    /// </summary>
    public async Task<string> CreateEmbedV2TaskAsync(string apiKey, TwelveLabsEmbedTaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.VideoUrl is null)
        {
            throw TwelveLabsException.NotAccepted(
                "The TwelveLabs Embed API v2 is given videos by URL only; use S3 storage (presigned URLs), or Sage:TwelveLabs:Api=Auto or V1 to upload files.",
                TwelveLabsVideoRule.SourceNotSupported);
        }

        var json = BuildV2CreateJson(request);
        var uri = Endpoint("embed-v2/tasks");
        using var response = await SendAsync(
            "create embed-v2 task",
            () => new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(json, Encoding.UTF8, "application/json") },
            apiKey,
            true,
            Options.MaxRetries,
            cancellationToken).ConfigureAwait(false);
        using var document = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        return TwelveLabsResponseParser.ReadTaskId(document.RootElement);
    }

    /// <summary><c>GET /embed-v2/tasks/{id}</c>: status, and the vectors once ready.</summary>
    public async Task<TwelveLabsTask> GetEmbedV2TaskAsync(string apiKey, string taskId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        var uri = Endpoint($"embed-v2/tasks/{Uri.EscapeDataString(taskId)}");
        using var response = await SendAsync("get embed-v2 task", () => new HttpRequestMessage(HttpMethod.Get, uri), apiKey, true, Options.MaxRetries, cancellationToken).ConfigureAwait(false);
        using var document = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        return TwelveLabsResponseParser.ReadV2Task(document.RootElement, taskId);
    }

    /// <summary>
    /// The cheapest authenticated call, <c>GET /embed/tasks?page=1&amp;page_limit=1</c>, tried once
    /// with a short timeout: 200 valid, 401/403 invalid, anything else (network, 5xx, 429) unreachable.
    /// </summary>
    public async Task<TwelveLabsKeyCheck> CheckKeyAsync(string apiKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            return new TwelveLabsKeyCheck(TwelveLabsKeyState.Invalid, "The key is empty.");
        }

        var uri = Endpoint("embed/tasks?page=1&page_limit=1");
        try
        {
            using var response = await SendAsync("check API key", () => new HttpRequestMessage(HttpMethod.Get, uri), apiKey, true, maxRetries: 0, cancellationToken, requestTimeoutCap: TimeSpan.FromSeconds(15)).ConfigureAwait(false);
            return new TwelveLabsKeyCheck(TwelveLabsKeyState.Valid);
        }
        catch (TwelveLabsException e) when (e.Kind == TwelveLabsFailure.KeyInvalid)
        {
            return new TwelveLabsKeyCheck(TwelveLabsKeyState.Invalid, TwelveLabsException.KeyInvalidMessage);
        }
        catch (TwelveLabsException e) when (e.Kind == TwelveLabsFailure.Refused && e.StatusCode == HttpStatusCode.Forbidden)
        {
            return new TwelveLabsKeyCheck(TwelveLabsKeyState.Invalid, e.Message);
        }
        catch (TwelveLabsException e)
        {
            return new TwelveLabsKeyCheck(TwelveLabsKeyState.Unreachable, e.Message);
        }
    }

    private TwelveLabsOptions Options => options.CurrentValue;

    private Uri Endpoint(string relative) => new(Options.BaseUrl!.TrimEnd('/') + "/" + relative, UriKind.Absolute);

    private async Task<HttpResponseMessage> SendAsync(
        string operation,
        Func<HttpRequestMessage> createRequest,
        string apiKey,
        bool boundedByRequestTimeout,
        int maxRetries,
        CancellationToken cancellationToken,
        TimeSpan? requestTimeoutCap = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        var settings = Options;
        var requestTimeout = TimeSpan.FromSeconds(settings.RequestTimeoutSeconds);
        if (requestTimeoutCap is { } cap && cap < requestTimeout)
        {
            requestTimeout = cap;
        }

        var baseDelay = TimeSpan.FromSeconds(settings.RetryBaseDelaySeconds);
        var maxDelay = TimeSpan.FromSeconds(settings.MaxRetryDelaySeconds);
        for (var retry = 0; ; retry++)
        {
            HttpResponseMessage response;
            using (var request = createRequest())
            using (var timeout = boundedByRequestTimeout ? new CancellationTokenSource(requestTimeout, timeProvider) : null)
            using (var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                request.Headers.TryAddWithoutValidation("x-api-key", apiKey);
                try
                {
                    // ResponseContentRead: the (small, JSON) answer is read within the same timeout.
                    response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked?.Token ?? cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or OperationCanceledException or IOException)
                {
                    var reason = e is OperationCanceledException
                        ? $"no answer within {requestTimeout.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s"
                        : e.Message;
                    if (retry >= maxRetries)
                    {
                        throw new TwelveLabsException(TwelveLabsFailure.Unavailable, $"TwelveLabs could not be reached ({reason}).", e);
                    }

                    var wait = TwelveLabsRetryPolicy.Backoff(retry, baseDelay, maxDelay, Random.Shared);
                    TwelveLabsLog.RetryingNetwork(logger, operation, reason, retry + 1, wait.TotalSeconds);
                    await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var status = response.StatusCode;
                if (status == HttpStatusCode.Unauthorized)
                {
                    TwelveLabsLog.KeyRejected(logger, operation);
                    throw TwelveLabsException.KeyInvalid();
                }

                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                var (code, message) = TwelveLabsResponseParser.ReadError(body);
                var now = timeProvider.GetUtcNow();
                var requested = TwelveLabsRetryPolicy.ServerRequestedDelay(response.Headers, now);
                if (status == HttpStatusCode.TooManyRequests && requested is { } reset && reset > maxDelay)
                {
                    // An hourly or daily limit: capped retries would all fail before the reset, so hand
                    // the caller the reset time instead.
                    TwelveLabsLog.RateLimitedUntil(logger, operation, now + reset);
                    throw new TwelveLabsException(
                        TwelveLabsFailure.RateLimited,
                        $"TwelveLabs' rate limit is reached until {(now + reset).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC ({operation}{(code is null ? "" : ", " + code)}).")
                    { RetryAt = now + reset, Code = code };
                }

                if (TwelveLabsRetryPolicy.IsRetryable(status) && retry < maxRetries)
                {
                    var wait = requested ?? TwelveLabsRetryPolicy.Backoff(retry, baseDelay, maxDelay, Random.Shared);
                    if (wait > maxDelay)
                    {
                        wait = maxDelay;
                    }

                    TwelveLabsLog.RetryingStatus(logger, operation, status, retry + 1, wait.TotalSeconds);
                    await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new TwelveLabsException(TwelveLabsFailure.Refused, Describe(operation, status, code, message)) { StatusCode = status, Code = code };
            }
        }
    }

    private static string Describe(string operation, HttpStatusCode status, string? code, string? message)
    {
        var what = code is null ? $"{(int)status}" : $"{(int)status} {code}";
        return string.IsNullOrWhiteSpace(message)
            ? $"TwelveLabs refused to {operation} ({what})."
            : $"TwelveLabs refused to {operation} ({what}): {message}";
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw TwelveLabsException.Unusable("TwelveLabs answered with something that is not JSON.", e);
            }
        }
    }

    /// <summary>
    /// The multipart body. The file goes in as a <see cref="StreamContent"/> over a seekable
    /// <see cref="FileStream"/>, so the body is streamed from disk with a known Content-Length and
    /// never buffered. Built anew for each attempt, since a sent stream cannot be sent again.
    /// </summary>
    internal static MultipartFormDataContent BuildV1CreateContent(TwelveLabsEmbedTaskRequest request)
    {
        var form = new MultipartFormDataContent();
        form.Add(FormField("model_name", request.Model));
        form.Add(FormField("video_clip_length", request.ClipLengthSeconds.ToString("0.###", CultureInfo.InvariantCulture)));
        foreach (var scope in request.Scopes)
        {
            // One part per scope: TwelveLabs wants the field repeated, not a list in one value.
            form.Add(FormField("video_embedding_scope", scope));
        }

        if (request.VideoUrl is not null)
        {
            form.Add(FormField("video_url", request.VideoUrl.AbsoluteUri));
            return form;
        }

        var stream = new FileStream(request.VideoFilePath!, FileMode.Open, FileAccess.Read, FileShare.Read, UploadBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var file = new StreamContent(stream, UploadBufferSize);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
        {
            Name = "\"video_file\"",
            FileName = "\"" + AsciiFileName(request.FileName ?? Path.GetFileName(request.VideoFilePath!)) + "\"",
        };
        form.Add(file);
        return form;
    }

    internal static string BuildV2CreateJson(TwelveLabsEmbedTaskRequest request)
    {
        var video = new JsonObject
        {
            ["media_source"] = new JsonObject { ["url"] = request.VideoUrl!.AbsoluteUri },
            ["segmentation"] = new JsonObject
            {
                ["strategy"] = "fixed",
                // v2 takes whole seconds only.
                ["fixed"] = new JsonObject { ["duration_sec"] = (int)Math.Round(request.ClipLengthSeconds) },
            },
            ["embedding_scope"] = new JsonArray(request.Scopes.Select(s => (JsonNode)JsonValue.Create(s == EmbeddingScope.Video ? "asset" : s)).ToArray()),
        };
        if (request.EmbeddingOptions is { Count: > 0 } wanted)
        {
            video["embedding_option"] = new JsonArray(wanted.Select(o => (JsonNode)JsonValue.Create(o)).ToArray());
        }

        var body = new JsonObject
        {
            ["input_type"] = "video",
            ["model_name"] = request.Model,
            ["video"] = video,
        };
        return body.ToJsonString();
    }

    private static ByteArrayContent FormField(string name, string value)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(value));
        content.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"" + name + "\"" };
        return content;
    }

    /// <summary>A quoted-string-safe file name: the header carries ASCII, and TwelveLabs only echoes it back.</summary>
    private static string AsciiFileName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '_');
        }

        return builder.Length == 0 ? "video" : builder.ToString();
    }
}
