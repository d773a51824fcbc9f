using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Sage.Testing.Fauxqs;

/// <summary>
/// Sits under the S3 client and fails chosen requests: with a 5xx answer, or by dropping the
/// connection (an <see cref="HttpRequestException"/>). Records the requests it saw.
/// </summary>
public sealed class FaultInjectingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    /// <summary>Decides, per request and its 1-based attempt number for that part, whether to fail it.</summary>
    public Func<HttpRequestMessage, int, Fault>? Decide { get; set; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    private readonly ConcurrentDictionary<int, int> _attemptsByPart = new();

    public int AttemptsForPart(int partNumber) => _attemptsByPart.GetValueOrDefault(partNumber);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var partNumber = PartNumberOf(request);
        var attempt = partNumber is { } n ? _attemptsByPart.AddOrUpdate(n, 1, (_, a) => a + 1) : 1;
        Requests.Enqueue(new RecordedRequest(
            request.Method.Method,
            request.RequestUri!,
            partNumber,
            request.Headers.Select(h => (h.Key, string.Join(',', h.Value)))
                .Concat(request.Content?.Headers.Select(h => (h.Key, string.Join(',', h.Value))) ?? [])
                .ToDictionary(h => h.Key, h => h.Item2, StringComparer.OrdinalIgnoreCase)));

        switch (Decide?.Invoke(request, attempt) ?? Fault.None)
        {
            case Fault.InternalError:
                return new HttpResponseMessage(HttpStatusCode.InternalServerError)
                {
                    RequestMessage = request,
                    Content = new StringContent(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code><Message>injected</Message></Error>",
                        Encoding.UTF8,
                        "application/xml"),
                };
            case Fault.DropConnection:
                throw new HttpRequestException("injected: connection reset", new IOException("Connection reset by peer"));
            default:
                return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>The partNumber of an UploadPart request, else null.</summary>
    public static int? PartNumberOf(HttpRequestMessage request)
    {
        if (request.Method != HttpMethod.Put || request.RequestUri is null)
        {
            return null;
        }

        foreach (var pair in request.RequestUri.Query.TrimStart('?').Split('&'))
        {
            if (pair.StartsWith("partNumber=", StringComparison.Ordinal)
                && int.TryParse(pair.AsSpan("partNumber=".Length), out var number))
            {
                return number;
            }
        }

        return null;
    }
}

public enum Fault
{
    None,
    InternalError,
    DropConnection,
}

public sealed record RecordedRequest(string Method, Uri Uri, int? PartNumber, IReadOnlyDictionary<string, string> Headers);
