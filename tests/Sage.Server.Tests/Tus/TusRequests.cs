using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Sage.Server.Tests.Tus;

/// <summary>Raw tus requests over HttpClient, header by header, as a test wants to see them.</summary>
public static class TusRequests
{
    public const string Endpoint = "/api/uploads/";

    public static readonly string VideoMetadata = Metadata(("filename", "clip.mp4"), ("filetype", "video/mp4"));

    /// <summary>Upload-Metadata from key/value pairs (null value: key only).</summary>
    public static string Metadata(params (string Key, string? Value)[] pairs) =>
        string.Join(',', pairs.Select(p => p.Value is null ? p.Key : p.Key + " " + Convert.ToBase64String(Encoding.UTF8.GetBytes(p.Value))));

    public static HttpRequestMessage Tus(HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Tus-Resumable", "1.0.0");
        return request;
    }

    public static async Task<HttpResponseMessage> CreateAsync(this HttpClient client, long? length, string? metadata = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = Tus(HttpMethod.Post, Endpoint);
        if (length is { } l)
        {
            request.Headers.Add("Upload-Length", l.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            request.Headers.Add("Upload-Defer-Length", "1");
        }

        request.Headers.Add("Upload-Metadata", metadata ?? VideoMetadata);
        configure?.Invoke(request);
        return await client.SendAsync(request);
    }

    /// <summary>Creates an upload and returns its URL (path only).</summary>
    public static async Task<string> CreateUploadAsync(this HttpClient client, long? length, string? metadata = null)
    {
        using var response = await client.CreateAsync(length, metadata);
        Assert.Equal(201, (int)response.StatusCode);
        return response.Headers.Location!.AbsolutePath;
    }

    public static async Task<HttpResponseMessage> PatchAsync(this HttpClient client, string url, long offset, byte[] body, Action<HttpRequestMessage>? configure = null)
    {
        using var request = Tus(HttpMethod.Patch, url);
        request.Headers.Add("Upload-Offset", offset.ToString(CultureInfo.InvariantCulture));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        configure?.Invoke(request);
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> HeadAsync(this HttpClient client, string url)
    {
        using var request = Tus(HttpMethod.Head, url);
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> DeleteUploadAsync(this HttpClient client, string url)
    {
        using var request = Tus(HttpMethod.Delete, url);
        return await client.SendAsync(request);
    }

    /// <summary>A response header (or content header) value, or null.</summary>
    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
        : null;

    public static long Offset(this HttpResponseMessage response) =>
        long.Parse(response.Header("Upload-Offset") ?? throw new InvalidOperationException("no Upload-Offset"), CultureInfo.InvariantCulture);

    /// <summary>A fake video (an MP4 ftyp box, then deterministic bytes) of this length.</summary>
    public static byte[] FakeVideo(int length, int seed = 1)
    {
        var bytes = new byte[length];
        using var stream = new FakeVideoStream(length, seed);
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Writes a fake video of this length to a file.</summary>
    public static async Task WriteFakeVideoAsync(string path, long length, int seed = 1)
    {
        await using var file = File.Create(path);
        await using var source = new FakeVideoStream(length, seed);
        await source.CopyToAsync(file, 1024 * 1024);
    }
}
