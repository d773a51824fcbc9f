using Sage.Server.Auth;
using System.Globalization;
using System.Text;

namespace Sage.Server.Events;

/// <summary>GET /api/events: a Server-Sent Events stream of status changes and progress.</summary>
public static class EventsApi
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/events", StreamAsync)
            .WithTags("Events")
            .WithName("StreamEvents")
            .RequireAuthorization(SageRoles.Viewer)
            .WithSummary("Server-Sent Events: uploads, jobs, new and deleted videos. Send Last-Event-ID to replay what you missed.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return routes;
    }

    private static async Task StreamAsync(HttpContext context, EventHub hub, CancellationToken cancellationToken)
    {
        var lastEventId = ParseId(context.Request.Headers["Last-Event-ID"].ToString())
            ?? ParseId(context.Request.Query["lastEventId"].ToString());

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache, no-transform";
        response.Headers["X-Accel-Buffering"] = "no";

        using var subscription = hub.Subscribe(lastEventId);
        // Tell the browser how soon to reconnect, and flush headers so proxies see a live stream.
        await response.WriteAsync("retry: 2000\n\n", cancellationToken).ConfigureAwait(false);
        if (!subscription.ReplayComplete)
        {
            await WriteAsync(response, new SageEvent(0, SageEventTypes.Reset, "{}"), cancellationToken).ConfigureAwait(false);
        }

        foreach (var missed in subscription.Missed)
        {
            await WriteAsync(response, missed, cancellationToken).ConfigureAwait(false);
        }

        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                heartbeat.CancelAfter(HeartbeatInterval);
                try
                {
                    await subscription.Reader.WaitToReadAsync(heartbeat.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await response.WriteAsync(": heartbeat\n\n", cancellationToken).ConfigureAwait(false);
                    await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                while (subscription.Reader.TryRead(out var next))
                {
                    await WriteAsync(response, next, cancellationToken).ConfigureAwait(false);
                }

                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
    }

    private static Task WriteAsync(HttpResponse response, SageEvent sageEvent, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        if (sageEvent.Id > 0)
        {
            text.Append("id: ").Append(sageEvent.Id.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append("event: ").Append(sageEvent.Type).Append('\n');
        text.Append("data: ").Append(sageEvent.Data).Append("\n\n");
        return response.WriteAsync(text.ToString(), cancellationToken);
    }

    private static long? ParseId(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
