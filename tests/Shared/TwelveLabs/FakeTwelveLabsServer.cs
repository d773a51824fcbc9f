using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sage.Tests.TwelveLabs;

/// <summary>
/// A fake TwelveLabs API on a real Kestrel server on a free loopback port, behaving as the
/// OpenAPI document says: v1 embed tasks (multipart create, status, retrieve, list; marengo3.0 only,
/// 400 resource_not_exist for an unknown task, no failure reason in a status) and v2 embed tasks
/// (JSON create, get; 202 on create, 404 <c>{"error":{...}}</c> for an unknown task), x-api-key
/// checks (401 api_key_invalid), X-Api-Version on every answer, 400 parameter_invalid for
/// malformed requests. Knobs switch on the undocumented shapes the client also copes with. It downloads a
/// <c>video_url</c> and hashes it, hashes a streamed <c>video_file</c>, and makes deterministic
/// vectors. Knobs and counters are public so tests (and whole-pipeline tests) can script it.
/// No test framework dependency.
/// </summary>
public sealed partial class FakeTwelveLabsServer : IAsyncDisposable
{
    public const string DefaultApiKey = "tlk_fake_0123456789ABCDEFGHIJKLMNOP";
    public const string ApiVersionHeaderValue = "1.3";
    public const string PathBase = "/v1.3";

    private static readonly string[] Marengo30Options = ["visual", "audio", "transcription"];
    private static readonly string[] Marengo27Options = ["visual-text", "audio"];

    private readonly WebApplication _app;
    private readonly HttpClient _downloader = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly ConcurrentDictionary<string, FakeEmbedTask> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<FakeTwelveLabsEndpoint, int> _hits = new();
    private readonly ConcurrentDictionary<string, string> _servedFiles = new(StringComparer.Ordinal);
    private readonly List<FakeTwelveLabsFault> _faults = [];
    private readonly ConcurrentQueue<FakeTwelveLabsRequest> _requests = new();
    private int _creates;
    private int _taskCounter;
    private string? _lastTaskId;

    private FakeTwelveLabsServer(WebApplication app)
    {
        _app = app;
    }

    // ---- knobs -------------------------------------------------------------------------------

    /// <summary>The key that works; any other gets 401 api_key_invalid.</summary>
    public string ApiKey { get; set; } = DefaultApiKey;

    /// <summary>The duration the fake pretends every new video has (set it to the probed duration).</summary>
    public double VideoDurationSeconds { get; set; } = 20;

    /// <summary>Status polls a new task answers "processing" before "ready".</summary>
    public int ProcessingPolls { get; set; } = 1;

    /// <summary>New tasks are also not ready before this much time has passed.</summary>
    public TimeSpan? ReadyAfter { get; set; }

    /// <summary>New tasks stay "processing" until <see cref="Release(string)"/> or <see cref="ReleaseAll"/>.</summary>
    public bool HoldTasks { get; set; }

    /// <summary>New tasks end "failed" with this message.</summary>
    public string? FailTasksWith { get; set; }

    /// <summary>New tasks leave out clips starting at or after this second.</summary>
    public double? TruncateClipsAtSeconds { get; set; }

    /// <summary>
    /// Where new videos have speech (null: throughout). Transcription clips come only for those
    /// stretches, as they do for a video with silent parts; visual and audio still cover it all.
    /// </summary>
    public IReadOnlyList<(double Start, double End)>? SpeechStretches { get; set; }

    /// <summary>
    /// Accept <c>Marengo-retrieval-2.7</c> on v1 as accounts did before its retirement. The current
    /// API documents only <c>marengo3.0</c>, so by default the fake refuses it (400 parameter_invalid).
    /// </summary>
    public bool AcceptRetiredMarengo27 { get; set; }

    /// <summary>
    /// Add <c>error.message</c> to a failed v1 status answer. The documented v1 status has no reason
    /// field at all; this is the undocumented shape the client tolerates.
    /// </summary>
    public bool V1StatusIncludesFailureReason { get; set; }

    /// <summary>
    /// Answer an unknown v1 task with 404 instead of the documented 400 <c>resource_not_exist</c>
    /// (the v1 operations document no 404; v2 documents 404).
    /// </summary>
    public bool V1UnknownTaskAnswers404 { get; set; }

    /// <summary>Leave <c>embedding_option</c> out of every segment (older answers).</summary>
    public bool OmitEmbeddingOption { get; set; }

    /// <summary>Answer with "id" instead of "_id".</summary>
    public bool UsePlainIdField { get; set; }

    /// <summary>Options new tasks produce (default: the model's: visual/audio/transcription or visual-text/audio).</summary>
    public IReadOnlyList<string>? OptionsOverride { get; set; }

    /// <summary>
    /// Seed vectors from the video's SHA-256 instead of the task id, so the same video embedded twice
    /// gets the same vectors (handy for comparing versions end to end).
    /// </summary>
    public bool VectorsFollowVideoContent { get; set; }

    // ---- observations ------------------------------------------------------------------------

    /// <summary>The API root, e.g. http://127.0.0.1:41234/v1.3 — what Sage:TwelveLabs:BaseUrl should be.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The server root, e.g. http://127.0.0.1:41234.</summary>
    public Uri Root { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Tasks created (v1 and v2), not counting refused requests.</summary>
    public int Creates => Volatile.Read(ref _creates);

    /// <summary>Status requests received (v1 /status and v2 GET), faulted ones included.</summary>
    public int StatusPolls => Hits(FakeTwelveLabsEndpoint.TaskStatus) + Hits(FakeTwelveLabsEndpoint.GetV2Task);

    public int Hits(FakeTwelveLabsEndpoint endpoint) => _hits.TryGetValue(endpoint, out var n) ? n : 0;

    /// <summary>Requests that came without an x-api-key header.</summary>
    public int RequestsWithoutKey => _requests.Count(r => !r.HadApiKey && r.Endpoint != FakeTwelveLabsEndpoint.ServeFile);

    public string? LastTaskId => Volatile.Read(ref _lastTaskId);

    public FakeEmbedTask? LastTask => LastTaskId is { } id ? _tasks.GetValueOrDefault(id) : null;

    public IReadOnlyCollection<FakeEmbedTask> Tasks => _tasks.Values.OrderBy(t => t.CreatedAt).ToList();

    /// <summary>Every request, in arrival order.</summary>
    public IReadOnlyList<FakeTwelveLabsRequest> Requests => _requests.ToList();

    public FakeEmbedTask? FindTask(string id) => _tasks.GetValueOrDefault(id);

    // ---- scripting ---------------------------------------------------------------------------

    /// <summary>Queues a scripted answer; each fault answers one matching request, in order.</summary>
    public void EnqueueFault(FakeTwelveLabsFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_faults)
        {
            _faults.Add(fault);
        }
    }

    public int PendingFaults
    {
        get
        {
            lock (_faults)
            {
                return _faults.Count;
            }
        }
    }

    public void Release(string taskId)
    {
        if (_tasks.TryGetValue(taskId, out var task))
        {
            task.Held = false;
        }
    }

    /// <summary>Releases every held task (and stops holding new ones).</summary>
    public void ReleaseAll()
    {
        HoldTasks = false;
        foreach (var task in _tasks.Values)
        {
            task.Held = false;
        }
    }

    /// <summary>Makes a task as if it had been created by a v1 (or v2) request, without counting a create.</summary>
    public FakeEmbedTask SeedTask(string model = "marengo3.0", double clipLength = 2, int apiVersion = 1, string? id = null)
    {
        var task = NewTask(id, apiVersion, model, clipLength, ["clip", "video"], null, null, null, null, 0, null);
        _tasks[task.Id] = task;
        return task;
    }

    /// <summary>Serves a file at an unauthenticated, presigned-looking URL of this server.</summary>
    public Uri ServeFile(string path)
    {
        var token = Guid.NewGuid().ToString("N");
        _servedFiles[token] = Path.GetFullPath(path);
        return new Uri(Root, $"files/{token}/{Uri.EscapeDataString(Path.GetFileName(path))}?X-Amz-Expires=900&X-Amz-Signature={token}");
    }

    /// <summary>Waits (polling every 10 ms) until <paramref name="condition"/> holds; throws TimeoutException otherwise.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Called on the fake it waits for, next to its counters.")]
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The fake TwelveLabs condition did not hold within {timeout}.");
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    // ---- lifetime ----------------------------------------------------------------------------

    public static async Task<FakeTwelveLabsServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeTwelveLabsServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Testing",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTwelveLabsServer(app);
        app.Use(fake.FrontDoorAsync);
        fake.MapRoutes(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.Root = new Uri(address.TrimEnd('/') + "/");
        fake.BaseUrl = address.TrimEnd('/') + PathBase;
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _downloader.Dispose();
    }

    // ---- plumbing ----------------------------------------------------------------------------

    /// <summary>Every request: X-Api-Version, counting, scripted faults, then the x-api-key check.</summary>
    private async Task FrontDoorAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.Headers["X-Api-Version"] = ApiVersionHeaderValue;
        var endpoint = Classify(context.Request);
        _hits.AddOrUpdate(endpoint, 1, (_, n) => n + 1);
        var hadKey = context.Request.Headers.ContainsKey("x-api-key");
        var record = new FakeTwelveLabsRequest(DateTimeOffset.UtcNow, context.Request.Method, context.Request.Path + context.Request.QueryString, endpoint, hadKey, context.Request.ContentType);
        _requests.Enqueue(record);

        if (endpoint == FakeTwelveLabsEndpoint.ServeFile)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (TakeFault(endpoint) is { } fault)
        {
            context.Response.StatusCode = fault.StatusCode;
            foreach (var (name, value) in fault.Headers)
            {
                context.Response.Headers[name] = value;
            }

            if (!string.IsNullOrEmpty(fault.Body))
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(fault.Body, context.RequestAborted).ConfigureAwait(false);
            }

            return;
        }

        var isV2 = endpoint is FakeTwelveLabsEndpoint.CreateV2Task or FakeTwelveLabsEndpoint.GetV2Task;
        if (!context.Request.Headers.TryGetValue("x-api-key", out var key) || key.ToString() != ApiKey)
        {
            await ErrorAsync(context, 401, "api_key_invalid", "The API key you provided is not valid or has expired. Check your API key and try again.", isV2).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private FakeTwelveLabsFault? TakeFault(FakeTwelveLabsEndpoint endpoint)
    {
        lock (_faults)
        {
            var index = _faults.FindIndex(f => f.Endpoint is null || f.Endpoint == endpoint);
            if (index < 0)
            {
                return null;
            }

            var fault = _faults[index];
            _faults.RemoveAt(index);
            return fault;
        }
    }

    private static FakeTwelveLabsEndpoint Classify(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (path.StartsWith("/files/", StringComparison.Ordinal))
        {
            return FakeTwelveLabsEndpoint.ServeFile;
        }

        if (!path.StartsWith(PathBase + "/", StringComparison.Ordinal))
        {
            return FakeTwelveLabsEndpoint.Other;
        }

        var parts = path[(PathBase.Length + 1)..].TrimEnd('/').Split('/');
        var post = HttpMethods.IsPost(request.Method);
        return parts switch
        {
            ["embed", "tasks"] => post ? FakeTwelveLabsEndpoint.CreateTask : FakeTwelveLabsEndpoint.ListTasks,
            ["embed", "tasks", _, "status"] => FakeTwelveLabsEndpoint.TaskStatus,
            ["embed", "tasks", _] => FakeTwelveLabsEndpoint.RetrieveTask,
            ["embed-v2", "tasks"] => FakeTwelveLabsEndpoint.CreateV2Task,
            ["embed-v2", "tasks", _] => FakeTwelveLabsEndpoint.GetV2Task,
            _ => FakeTwelveLabsEndpoint.Other,
        };
    }

    private void MapRoutes(WebApplication app)
    {
        app.MapPost(PathBase + "/embed/tasks", CreateV1Async);
        app.MapGet(PathBase + "/embed/tasks", ListV1Async);
        app.MapGet(PathBase + "/embed/tasks/{taskId}/status", StatusV1Async);
        app.MapGet(PathBase + "/embed/tasks/{taskId}", RetrieveV1Async);
        app.MapPost(PathBase + "/embed-v2/tasks", CreateV2Async);
        app.MapGet(PathBase + "/embed-v2/tasks/{taskId}", GetV2Async);
        app.MapGet("/files/{token}/{name}", ServeFileAsync);
    }

    private Task ServeFileAsync(HttpContext context, string token)
    {
        if (!_servedFiles.TryGetValue(token, out var path) || !File.Exists(path))
        {
            context.Response.StatusCode = 403;
            return Task.CompletedTask;
        }

        return Results.File(path, "application/octet-stream", enableRangeProcessing: true).ExecuteAsync(context);
    }

    private FakeEmbedTask NewTask(string? id, int apiVersion, string model, double clipLength, IReadOnlyList<string> scopes, Uri? url, string? fileName, string? sha256, long? contentLength, long bytes, IReadOnlyList<string>? options)
    {
        var number = Interlocked.Increment(ref _taskCounter);
        var modelOptions = model.Contains("2.7", StringComparison.Ordinal) ? Marengo27Options : Marengo30Options;
        return new FakeEmbedTask
        {
            // 24 hex digits, like TwelveLabs' ids.
            Id = id ?? $"{0x6650a1b2:x8}{number:x16}",
            ApiVersion = apiVersion,
            Model = model,
            ClipLength = clipLength,
            Scopes = scopes,
            Options = options ?? OptionsOverride ?? modelOptions,
            CreatedAt = DateTimeOffset.UtcNow,
            DurationSeconds = VideoDurationSeconds,
            ProcessingPolls = ProcessingPolls,
            ReadyAfter = ReadyAfter,
            TruncateClipsAt = TruncateClipsAtSeconds,
            SpeechStretches = SpeechStretches,
            FailureMessage = FailTasksWith,
            VideoUrl = url,
            VideoFileName = fileName,
            VideoSha256 = sha256,
            VideoBytes = bytes,
            RequestContentLength = contentLength,
            Held = HoldTasks,
        };
    }

    private void Register(FakeEmbedTask task)
    {
        _tasks[task.Id] = task;
        Interlocked.Increment(ref _creates);
        Volatile.Write(ref _lastTaskId, task.Id);
    }

    /// <summary>The clip starts and ends of a task: fixed-length clips, a final piece under 2 s dropped, then the truncation knob.</summary>
    internal static IReadOnlyList<(int Index, double Start, double End)> Clips(FakeEmbedTask task)
    {
        var clips = new List<(int, double, double)>();
        for (var i = 0; ; i++)
        {
            var start = i * task.ClipLength;
            if (start >= task.DurationSeconds - 1e-9)
            {
                break;
            }

            var end = Math.Min(start + task.ClipLength, task.DurationSeconds);
            if (end - start < 2 && i > 0)
            {
                break;
            }

            if (task.TruncateClipsAt is { } cut && start >= cut - 1e-9)
            {
                break;
            }

            clips.Add((i, start, end));
        }

        return clips;
    }

    /// <summary>A unit vector, the same for the same (seed, clip, option): 512-d for Marengo 3.0, 1024-d for 2.7.</summary>
    internal float[] Vector(FakeEmbedTask task, int clipIndex, string option) => MakeVector(task, clipIndex, option, VectorsFollowVideoContent);

    /// <summary>See <see cref="Vector"/>; <paramref name="followContent"/> seeds from the video's SHA-256 instead of the task id.</summary>
    public static float[] MakeVector(FakeEmbedTask task, int clipIndex, string option, bool followContent = false)
    {
        ArgumentNullException.ThrowIfNull(task);
        var dimension = task.Model.Contains("2.7", StringComparison.Ordinal) ? 1024 : 512;
        var seedText = $"{(followContent && task.VideoSha256 is not null ? task.VideoSha256 : task.Id)}|{clipIndex}|{option}";
        var seed = 0;
        foreach (var b in Encoding.UTF8.GetBytes(seedText))
        {
            seed = unchecked((seed * 16777619) ^ b);
        }

        var random = new Random(seed);
        var vector = new float[dimension];
        double norm = 0;
        for (var i = 0; i < dimension; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
            norm += vector[i] * vector[i];
        }

        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < dimension; i++)
        {
            vector[i] *= scale;
        }

        return vector;
    }

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message, bool v2)
    {
        await JsonAsync(context, status, writer =>
        {
            if (v2)
            {
                writer.WriteStartObject("error");
                writer.WriteString("code", code);
                writer.WriteString("message", message);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteString("code", code);
                writer.WriteString("message", message);
                writer.WriteString("docs_url", $"https://docs.twelvelabs.io/v1.3/api-reference/error-codes#{code}");
            }
        }).ConfigureAwait(false);
    }

    /// <summary>Writes one JSON object, streamed (a 1,200 s video's segments are megabytes).</summary>
    private static async Task JsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> writeMembers)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writeMembers(writer);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private void WriteId(Utf8JsonWriter writer, string id) => writer.WriteString(UsePlainIdField ? "id" : "_id", id);

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

