using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Sage.Server.Tests.Security;

/// <summary>Bodies that end early or are framed wrongly are the client's fault: 400 problem+json, and nothing is kept.</summary>
public sealed class MalformedBodyTests : IDisposable
{
    private const string Boundary = "sage-boundary-7MA4YWxk";
    private readonly SageServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    private static byte[] FormStart(int fileBytes)
    {
        var head = Encoding.ASCII.GetBytes(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\"\r\nContent-Type: video/mp4\r\n\r\n");
        var file = new byte[fileBytes];
        new FakeVideoStream(fileBytes).ReadExactly(file);
        return [.. head, .. file];
    }

    private byte[] Request(string path, string contentType, byte[] body, string framing) =>
        [.. Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\nContent-Type: {contentType}\r\n{framing}\r\n\r\n"), .. body];

    private async Task AssertNothingKeptAsync()
    {
        using var client = _server.CreateHttpClient();
        var videos = await client.GetFromJsonAsync<JsonElement>("/api/videos");
        Assert.Equal(0, videos.GetArrayLength());
        // Neither a stored object nor a multipart temporary (the form upload's parts are written in place under multipart/).
        foreach (var folder in (string[])["objects", "multipart"])
        {
            var path = Path.Combine(_server.DataDirectory, folder);
            Assert.Empty(Directory.Exists(path) ? Directory.GetFiles(path, "*", SearchOption.AllDirectories) : []);
        }
    }

    private static void AssertBadRequest(RawHttpClient.Answer answer)
    {
        Assert.True(answer.StatusCode == 400, answer.Head + "\n" + answer.Body);
        Assert.Contains("application/problem+json", answer.Head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" at ", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Form_Without_Its_Closing_Boundary_Is_400()
    {
        var body = FormStart(3 * 1024 * 1024);
        var answer = await RawHttpClient.SendExactAsync(_server.BaseAddress, Request(
            "/api/videos", $"multipart/form-data; boundary={Boundary}", body, $"Content-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}"));

        AssertBadRequest(answer);
        await AssertNothingKeptAsync();
    }

    [Fact]
    public async Task A_Content_Length_That_Ends_Inside_The_File_Is_400()
    {
        // The whole form is written, but the declared length cuts it inside the file: the server sees no closing boundary.
        byte[] whole = [.. FormStart(3 * 1024 * 1024), .. Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n")];
        var declared = whole.Length / 2;
        var answer = await RawHttpClient.SendExactAsync(_server.BaseAddress, Request(
            "/api/videos", $"multipart/form-data; boundary={Boundary}", whole[..declared], $"Content-Length: {declared.ToString(CultureInfo.InvariantCulture)}"));

        AssertBadRequest(answer);
        await AssertNothingKeptAsync();
    }

    [Fact]
    public async Task A_Malformed_Chunk_In_A_Form_Is_400()
    {
        var start = FormStart(2 * 1024 * 1024);
        byte[] chunked = [.. Encoding.ASCII.GetBytes(start.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"), .. start, .. "\r\nzz-not-a-size\r\n"u8.ToArray()];
        var answer = await RawHttpClient.SendExactAsync(_server.BaseAddress, Request(
            "/api/videos", $"multipart/form-data; boundary={Boundary}", chunked, "Transfer-Encoding: chunked"));

        AssertBadRequest(answer);
        await AssertNothingKeptAsync();
    }

    [Fact]
    public async Task A_Chunk_Size_Overflow_On_A_Json_Route_Is_400()
    {
        var answer = await RawHttpClient.SendExactAsync(_server.BaseAddress, Request(
            "/api/comparisons", "application/json", "FFFFFFFFFFFFFFFFFFFFFFFF\r\n{\"a\":1}\r\n0\r\n\r\n"u8.ToArray(), "Transfer-Encoding: chunked"));

        AssertBadRequest(answer);
    }
}
