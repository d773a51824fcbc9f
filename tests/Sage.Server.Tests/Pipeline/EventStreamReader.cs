using System.Text.Json;

namespace Sage.Server.Tests.Pipeline;

/// <summary>Reads a Server-Sent Events stream the way a browser's EventSource does.</summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStreamReader(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public sealed record ServerEvent(string? Id, string Type, JsonElement Data);

    public static async Task<EventStreamReader> OpenAsync(HttpClient client, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStreamReader(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event (comments and retry lines skipped), or a TimeoutException.</summary>
    public async Task<ServerEvent> NextAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        string? id = null, type = null, data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellation.Token) ?? throw new EndOfStreamException("The event stream ended.");
            if (line.Length == 0)
            {
                if (type is not null)
                {
                    return new ServerEvent(id, type, JsonDocument.Parse(data ?? "{}").RootElement.Clone());
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": type = value; break;
                case "data": data = data is null ? value : data + "\n" + value; break;
            }
        }
    }

    /// <summary>Reads events until one matches, returning every event seen up to and including it.</summary>
    public async Task<List<ServerEvent>> ReadUntilAsync(Func<ServerEvent, bool> match, TimeSpan timeout)
    {
        var seen = new List<ServerEvent>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No matching event; saw: {string.Join(", ", seen.Select(e => e.Type))}");
            }

            var next = await NextAsync(remaining);
            seen.Add(next);
            if (match(next))
            {
                return seen;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}
