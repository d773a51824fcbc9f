using System.Text.Json;
using System.Threading.Channels;

namespace Sage.Server.Events;

/// <summary>
/// Fans events out to every connected SSE client and keeps the last few in a bounded buffer so
/// a client that reconnects with Last-Event-ID gets what it missed. A slow client loses its
/// oldest unsent events rather than holding memory for everyone.
/// </summary>
public sealed class EventHub
{
    public const int BufferSize = 1024;
    private const int SubscriberQueue = 256;

    private readonly Lock _gate = new();
    private readonly SageEvent?[] _ring = new SageEvent?[BufferSize];
    private readonly List<Channel<SageEvent>> _subscribers = [];

    // Ids start at the process's start time in ms, so ids from an earlier process are always older.
    private long _lastId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

    public void Publish<T>(string type, T payload)
    {
        var data = JsonSerializer.Serialize(payload, SageEventJson.Options);
        lock (_gate)
        {
            var sageEvent = new SageEvent(++_lastId, type, data);
            _ring[_lastId % BufferSize] = sageEvent;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(sageEvent);
            }
        }
    }

    /// <summary>
    /// Subscribes, and returns the buffered events after <paramref name="lastEventId"/>. When that
    /// id is older than the buffer, <c>complete</c> is false and the client should refetch.
    /// </summary>
    public Subscription Subscribe(long? lastEventId)
    {
        var channel = Channel.CreateBounded<SageEvent>(new BoundedChannelOptions(SubscriberQueue)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            var missed = new List<SageEvent>();
            var complete = true;
            if (lastEventId is { } after && after < _lastId)
            {
                var oldest = Math.Max(after + 1, _lastId - BufferSize + 1);
                complete = oldest == after + 1;
                for (var id = oldest; id <= _lastId; id++)
                {
                    if (_ring[id % BufferSize] is { } buffered && buffered.Id == id)
                    {
                        missed.Add(buffered);
                    }
                }

                complete = complete && (missed.Count == 0 || missed[0].Id == after + 1);
            }

            _subscribers.Add(channel);
            return new Subscription(this, channel, missed, complete);
        }
    }

    private void Unsubscribe(Channel<SageEvent> channel)
    {
        lock (_gate)
        {
            _subscribers.Remove(channel);
        }
    }

    public sealed class Subscription(EventHub hub, Channel<SageEvent> channel, IReadOnlyList<SageEvent> missed, bool complete) : IDisposable
    {
        public IReadOnlyList<SageEvent> Missed { get; } = missed;

        /// <summary>False when events were lost between the client's Last-Event-ID and now.</summary>
        public bool ReplayComplete { get; } = complete;

        public ChannelReader<SageEvent> Reader => channel.Reader;

        public void Dispose() => hub.Unsubscribe(channel);
    }
}
