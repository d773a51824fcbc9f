using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Sage.Server.Tests;

/// <summary>
/// A bare HTTP/1.1 client over a socket that keeps sending the body while it listens for the
/// answer, so a test can see a server reply early (413) and count how much it had to send first.
/// (HttpClient reports a broken pipe instead of the early answer.)
/// </summary>
public static class RawHttpClient
{
    public sealed record Answer(int StatusCode, string Head, string Body, long BytesSent);

    public static async Task<Answer> PostAsync(Uri server, string path, string contentType, Stream body, long? contentLength = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var network = tcp.GetStream();
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: {contentType}\r\n")
            .Append(contentLength is { } length ? $"Content-Length: {length.ToString(CultureInfo.InvariantCulture)}\r\n" : "Transfer-Encoding: chunked\r\n");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        await network.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var answer = ReadAnswerAsync(network, timeout.Token);

        long sent = 0;
        var buffer = new byte[64 * 1024];
        try
        {
            while (!answer.IsCompleted)
            {
                var read = await body.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    if (contentLength is null)
                    {
                        await network.WriteAsync("0\r\n\r\n"u8.ToArray(), timeout.Token);
                    }

                    break;
                }

                if (contentLength is null)
                {
                    await network.WriteAsync(Encoding.ASCII.GetBytes(read.ToString("x", CultureInfo.InvariantCulture) + "\r\n"), timeout.Token);
                }

                await network.WriteAsync(buffer.AsMemory(0, read), timeout.Token);
                if (contentLength is null)
                {
                    await network.WriteAsync("\r\n"u8.ToArray(), timeout.Token);
                }

                sent += read;
            }
        }
        catch (IOException)
        {
            // The server closed the connection after answering; the answer is what matters.
        }

        var (status, responseHead, responseBody) = await answer;
        return new Answer(status, responseHead, responseBody, sent);
    }

    /// <summary>
    /// Sends <paramref name="request"/> byte for byte (head and body as given, however malformed), optionally closes
    /// the sending side (a body that ends early), and reads the answer.
    /// </summary>
    public static async Task<Answer> SendExactAsync(Uri server, byte[] request, bool closeSending = false)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var network = tcp.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await network.WriteAsync(request, timeout.Token);
        if (closeSending)
        {
            tcp.Client.Shutdown(SocketShutdown.Send);
        }

        var (status, head, body) = await ReadAnswerAsync(network, timeout.Token);
        return new Answer(status, head, body, request.Length);
    }

    private static async Task<(int Status, string Head, string Body)> ReadAnswerAsync(NetworkStream network, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            var read = await network.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            var text = Encoding.UTF8.GetString(received.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            var head = text[..end];
            var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            var chunked = head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase);
            var expected = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            var complete = chunked
                ? text.EndsWith("0\r\n\r\n", StringComparison.Ordinal)
                : Encoding.UTF8.GetByteCount(text[(end + 4)..]) >= expected;
            if (complete)
            {
                var status = int.Parse(head.Split(' ')[1], CultureInfo.InvariantCulture);
                return (status, head, text[(end + 4)..]);
            }
        }

        throw new IOException("The server closed the connection without a complete answer.");
    }
}
