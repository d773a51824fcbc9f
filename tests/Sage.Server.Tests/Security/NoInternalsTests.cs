using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sage.Server.Tests.Pipeline;
using Sage.Testing.Fauxqs;

namespace Sage.Server.Tests.Security;

/// <summary>
/// A probe that fails on S3 quotes ffmpeg's input, a pre-signed URL whose query is a credential: no answer, event or log
/// line may carry it, nor a path under the data directory.
/// </summary>
public sealed class NoInternalsTests : IAsyncLifetime
{
    private const string Bucket = "sage-no-internals";
    private readonly TestVideos _videos = new();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sage-no-internals-").FullName;
    private readonly LineCollector _log = new();
    private FauxqsServer _fauxqs = null!;

    public async Task InitializeAsync() => _fauxqs = await FauxqsServer.StartAsync([Bucket]);

    public async Task DisposeAsync()
    {
        await _fauxqs.DisposeAsync();
        _videos.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_Failed_Probe_On_S3_Says_What_Failed_And_Shows_No_Url_Query_Or_Path()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sage:Jobs:PollInterval"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Debug",
        };
        foreach (var (key, value) in _fauxqs.SageStorageSettings(Bucket))
        {
            settings[key] = value;
        }

        using var server = new SageServerFactory(settings, _dataDirectory, services => services.AddSingleton<ILoggerProvider>(_log));
        using var client = server.CreateHttpClient();
        var answers = new List<string>();
        await using var events = await EventStreamReader.OpenAsync(client);

        var created = await client.UploadFileAsync(await _videos.TruncatedAsync(6));
        answers.Add(created.GetRawText());
        var id = created.GetProperty("id").GetString()!;
        var video = await client.WaitForVideoAsync(id, v => v.GetProperty("status").GetString() == "failed");
        var seen = await events.ReadUntilAsync(e => e.Type == "video.updated" && e.Data.GetProperty("status").GetString() == "failed", TimeSpan.FromSeconds(60));

        answers.Add(video.GetRawText());
        answers.AddRange(seen.Select(e => e.Data.GetRawText()));
        answers.Add(await client.GetStringAsync("/api/videos"));
        answers.Add(await client.GetStringAsync($"/video-status/{id}"));

        var error = video.GetProperty("error").GetString()!;
        Assert.StartsWith("ffprobe could not read the file: ", error, StringComparison.Ordinal);
        Assert.Contains("moov atom not found", error, StringComparison.Ordinal);
        Assert.Contains(seen, e => e.Data.TryGetProperty("error", out var sent) && sent.ValueKind == JsonValueKind.String && sent.GetString() == error);

        // The probe really read the pre-signed URL, and its failure was logged: the check below is not vacuous.
        Assert.Contains(_log.Lines, line => line.Contains("moov atom not found", StringComparison.Ordinal));
        Assert.Contains(_log.Lines, line => line.Contains(_fauxqs.ServiceUrl.Authority, StringComparison.Ordinal));
        foreach (var text in answers.Concat(_log.Lines))
        {
            Assert.False(text.Contains("X-Amz-", StringComparison.OrdinalIgnoreCase), text);
            Assert.False(text.Contains(_dataDirectory, StringComparison.Ordinal), text);
        }

        foreach (var answer in answers)
        {
            Assert.False(answer.Contains(_fauxqs.ServiceUrl.Authority, StringComparison.Ordinal), answer);
            Assert.False(answer.Contains(Bucket, StringComparison.Ordinal), answer);
        }
    }

    /// <summary>Every log line the server writes, formatted with its exception.</summary>
    private sealed class LineCollector : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Collector(LineCollector owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
