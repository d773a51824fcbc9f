using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sage.Embeddings.TwelveLabs;

/// <summary>
/// Counts every request SAGE sends TwelveLabs, retries included, by method and status (429 among them), and times it.
/// A network failure is counted with status "error".
/// </summary>
public sealed class TwelveLabsMetricsHandler : DelegatingHandler
{
    public const string MeterName = "Sage.TwelveLabs";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;

    public TwelveLabsMetricsHandler(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("sage.twelvelabs.requests", "{request}", "Requests to TwelveLabs, by method and HTTP status.");
        _duration = meter.CreateHistogram<double>("sage.twelvelabs.duration", "s", "Time to a TwelveLabs answer's headers, by method and HTTP status.");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var status = "error";
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return response;
        }
        finally
        {
            var tags = new TagList { { "http.request.method", request.Method.Method }, { "http.response.status_code", status } };
            _requests.Add(1, tags);
            _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }
}
