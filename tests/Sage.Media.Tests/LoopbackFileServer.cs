using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sage.Media.Tests;

/// <summary>Serves one file over HTTP on a free loopback port, with Range support (ffmpeg seeks to the moov atom).</summary>
public sealed class LoopbackFileServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _path;
    private readonly Task _loop;

    public LoopbackFileServer(string path)
    {
        _path = path;
        var port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{port}/video.mp4?X-Amz-Signature=secret");
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _listener.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            var context = await _listener.GetContextAsync();
            try
            {
                var bytes = await File.ReadAllBytesAsync(_path);
                long start = 0;
                long end = bytes.Length - 1;
                var range = context.Request.Headers["Range"];
                if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal))
                {
                    var parts = range["bytes=".Length..].Split('-');
                    start = long.Parse(parts[0], CultureInfo.InvariantCulture);
                    if (parts[1].Length > 0)
                    {
                        end = Math.Min(end, long.Parse(parts[1], CultureInfo.InvariantCulture));
                    }

                    context.Response.StatusCode = 206;
                    context.Response.Headers["Content-Range"] = $"bytes {start}-{end}/{bytes.Length}";
                }

                context.Response.Headers["Accept-Ranges"] = "bytes";
                context.Response.ContentLength64 = end - start + 1;
                await context.Response.OutputStream.WriteAsync(bytes.AsMemory((int)start, (int)(end - start + 1)));
                context.Response.Close();
            }
            catch (HttpListenerException)
            {
                // ffmpeg closed the connection early (it does when it seeks).
            }
            catch (IOException)
            {
            }
        }
    }
}
