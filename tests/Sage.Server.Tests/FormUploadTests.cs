using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sage.Server.Tests;

/// <summary>POST /api/videos into the default file store.</summary>
public sealed class FormUploadTests : IDisposable
{
    private const int MiB = 1024 * 1024;
    private readonly SageServerFactory _server = new(new Dictionary<string, string?>
    {
        ["Sage:MaxUploadBytes"] = (64 * MiB).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Sage:Storage:PartSize"] = (5 * MiB).ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private readonly HttpClient _client;

    public FormUploadTests() => _client = _server.CreateHttpClient();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private string ObjectsDirectory => Path.Combine(_server.DataDirectory, "objects");

    private IEnumerable<string> StoredFiles() =>
        Directory.Exists(ObjectsDirectory) ? Directory.EnumerateFiles(ObjectsDirectory, "*", SearchOption.AllDirectories) : [];

    [Theory]
    [InlineData(24L)]
    [InlineData(5L * MiB)]
    [InlineData(5L * MiB + 1)]
    [InlineData(21L * MiB + 12345)]
    public async Task Stores_The_Exact_Bytes_And_Reports_Their_Sha256(long length)
    {
        using var response = await _client.UploadAsync(new FakeVideoStream(length));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var video = await response.ReadVideoAsync();
        Assert.Equal(length, video.Size);
        Assert.Equal(FakeVideoStream.Sha256Of(length), video.Sha256);
        Assert.Equal("video/mp4", video.ContentType);
        Assert.Equal($"videos/{video.Id}/clip.mp4", video.StorageKey);
        Assert.Equal($"/api/videos/{video.Id}", response.Headers.Location?.OriginalString);

        var stored = await _client.GetByteArrayAsync(video.ContentUrl);
        Assert.Equal(video.Sha256, Convert.ToHexStringLower(SHA256.HashData(stored)));
    }

    [Fact]
    public async Task Lists_Shows_And_Deletes_A_Video()
    {
        using var created = await _client.UploadAsync(new FakeVideoStream(1000));
        var video = await created.ReadVideoAsync();

        var list = await _client.GetFromJsonAsync<VideoJson[]>("/api/videos", UploadClient.Json);
        Assert.Contains(list!, v => v.Id == video.Id);
        var one = await _client.GetFromJsonAsync<VideoJson>($"/api/videos/{video.Id}", UploadClient.Json);
        Assert.Equal(video.Sha256, one!.Sha256);

        using var deleted = await _client.DeleteAsync($"/api/videos/{video.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.DoesNotContain(StoredFiles(), f => f.Contains(video.Id.ToString(), StringComparison.Ordinal));
        using var gone = await _client.GetAsync($"/api/videos/{video.Id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var goneAgain = await _client.DeleteAsync($"/api/videos/{video.Id}");
        Assert.Equal(HttpStatusCode.NotFound, goneAgain.StatusCode);
    }

    [Fact]
    public async Task Serves_Byte_Ranges()
    {
        using var created = await _client.UploadAsync(new FakeVideoStream(10_000));
        var video = await created.ReadVideoAsync();
        var all = await _client.GetByteArrayAsync(video.ContentUrl);

        using var request = new HttpRequestMessage(HttpMethod.Get, video.ContentUrl);
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using var partial = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("bytes 100-199/10000", partial.Content.Headers.ContentRange?.ToString());
        Assert.Equal(all[100..200], await partial.Content.ReadAsByteArrayAsync());

        using var suffixRequest = new HttpRequestMessage(HttpMethod.Get, video.ContentUrl);
        suffixRequest.Headers.Range = new RangeHeaderValue(null, 10);
        using var suffix = await _client.SendAsync(suffixRequest);
        Assert.Equal(all[^10..], await suffix.Content.ReadAsByteArrayAsync());

        using var beyondRequest = new HttpRequestMessage(HttpMethod.Get, video.ContentUrl);
        beyondRequest.Headers.Range = new RangeHeaderValue(20_000, null);
        using var beyond = await _client.SendAsync(beyondRequest);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
    }

    [Fact]
    public async Task Survives_A_Restart_On_The_Same_Data_Directory()
    {
        Guid id;
        using (var created = await _client.UploadAsync(new FakeVideoStream(4096)))
        {
            id = (await created.ReadVideoAsync()).Id;
        }

        using var restarted = new SageServerFactory(dataDirectory: _server.DataDirectory);
        using var client = restarted.CreateHttpClient();
        _client.Dispose();
        var video = await client.GetFromJsonAsync<VideoJson>($"/api/videos/{id}", UploadClient.Json);
        Assert.Equal(FakeVideoStream.Sha256Of(4096), video!.Sha256);
        Assert.Equal(4096, (await client.GetByteArrayAsync(video.ContentUrl)).Length);
    }

    [Theory]
    [InlineData("../../etc/passwd.mp4")]
    [InlineData("..\\..\\windows\\evil.mp4")]
    [InlineData("a\u0001b\u007f\u202Ec.mp4")]
    [InlineData("..")]
    [InlineData("Ünïcødé 東京 🎬.mp4")]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Hostile_File_Names_Never_Escape_The_Key(string fileName)
    {
        var file = new StreamContent(new FakeVideoStream(100));
        file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        // Set by hand: HttpClient refuses empty names, browsers and curl do not.
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = $"\"{fileName.Replace("\\", "\\\\", StringComparison.Ordinal)}\"" };
        using var form = new MultipartFormDataContent { file };
        using var response = await _client.PostAsync("/api/videos", form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var video = await response.ReadVideoAsync();
        Assert.StartsWith($"videos/{video.Id}/", video.StorageKey, StringComparison.Ordinal);
        var name = video.StorageKey[$"videos/{video.Id}/".Length..];
        Assert.NotEmpty(name);
        Assert.DoesNotContain("/", name, StringComparison.Ordinal);
        Assert.DoesNotContain("\\", name, StringComparison.Ordinal);
        Assert.NotEqual("..", name);
        Assert.DoesNotContain(name, char.IsControl);
        Assert.All(StoredFiles(), f => Assert.StartsWith(ObjectsDirectory, Path.GetFullPath(f), StringComparison.Ordinal));
        Assert.Equal(100, (await _client.GetByteArrayAsync(video.ContentUrl)).Length);
    }

    [Fact]
    public async Task A_Thousand_Character_Name_Is_Shortened_But_Keeps_Its_Extension()
    {
        using var response = await _client.UploadAsync(new FakeVideoStream(100), new string('x', 1000) + ".mp4");

        var video = await response.ReadVideoAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.EndsWith(".mp4", video.StorageKey, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(video.StorageKey) <= 1024);
        Assert.True(video.FileName.Length <= 255);
    }

    [Fact]
    public async Task Not_Multipart_Is_400()
    {
        using var response = await _client.PostAsync("/api/videos", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Contains("multipart/form-data", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task No_File_Field_Is_400()
    {
        using var form = UploadClient.Form(new FakeVideoStream(100), field: "video");
        using var response = await _client.PostAsync("/api/videos", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'file'", (await response.ReadProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task A_Non_Video_Content_Type_Is_415()
    {
        using var response = await _client.UploadAsync(new MemoryStream("hello"u8.ToArray()), "notes.txt", "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("text/plain", (await response.ReadProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task A_Video_Type_With_Text_Inside_Is_415()
    {
        using var response = await _client.UploadAsync(new MemoryStream(Encoding.UTF8.GetBytes(new string('a', 10_000))), "fake.mp4", "video/mp4");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("container", (await response.ReadProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task An_Empty_File_Is_400()
    {
        using var response = await _client.UploadAsync(new MemoryStream(), "empty.mp4");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Empty file", (await response.ReadProblemAsync()).GetProperty("title").GetString());
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task Octet_Stream_Is_Let_In_By_The_Extension_And_Stored_As_The_Sniffed_Type()
    {
        using var response = await _client.UploadAsync(new FakeVideoStream(100), "clip.mov", "application/octet-stream");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("video/mp4", (await response.ReadVideoAsync()).ContentType);
    }

    [Fact]
    public async Task Over_The_Maximum_Is_413_Before_The_Body_Is_Read()
    {
        // The client would send 1 GiB; the answer must come once the limit (64 MiB) is crossed.
        using var form = UploadClient.Form(new FakeVideoStream(1024L * MiB));
        var body = await form.ReadAsStreamAsync();
        var answer = await RawHttpClient.PostAsync(_server.BaseAddress, "/api/videos", form.Headers.ContentType!.ToString(), body);

        Assert.Equal(413, answer.StatusCode);
        Assert.Contains("application/problem+json", answer.Head, StringComparison.Ordinal);
        Assert.Contains("File too large", answer.Body, StringComparison.Ordinal);
        Assert.True(answer.BytesSent < 256L * MiB, $"the client sent {answer.BytesSent} bytes before the answer");
        await WaitUntilAsync(() => !StoredFiles().Any());
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task A_Declared_Length_Over_The_Maximum_Is_413_At_Once()
    {
        using var form = UploadClient.Form(new FakeVideoStream(100));
        var answer = await RawHttpClient.PostAsync(
            _server.BaseAddress, "/api/videos", form.Headers.ContentType!.ToString(), await form.ReadAsStreamAsync(), contentLength: 80L * MiB);

        Assert.Equal(413, answer.StatusCode);
        Assert.Contains("File too large", answer.Body, StringComparison.Ordinal);
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task Unknown_Ids_Are_404_Problems()
    {
        using var video = await _client.GetAsync($"/api/videos/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, video.StatusCode);
        Assert.Equal("Video not found", (await video.ReadProblemAsync()).GetProperty("title").GetString());
        using var content = await _client.GetAsync($"/api/videos/{Guid.NewGuid()}/content");
        Assert.Equal(HttpStatusCode.NotFound, content.StatusCode);
        using var notAGuid = await _client.GetAsync("/api/videos/not-a-guid");
        Assert.Equal(HttpStatusCode.NotFound, notAGuid.StatusCode);
    }

    [Fact]
    public async Task Eight_Concurrent_Uploads_All_Land_Intact()
    {
        var uploads = Enumerable.Range(1, 8).Select(async seed =>
        {
            var length = (3L * MiB) + (seed * 7919);
            using var response = await _client.UploadAsync(new FakeVideoStream(length, seed), $"clip-{seed}.mp4");
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var video = await response.ReadVideoAsync();
            Assert.Equal(FakeVideoStream.Sha256Of(length, seed), video.Sha256);
            return video;
        });

        var videos = await Task.WhenAll(uploads);
        Assert.Equal(8, videos.Select(v => v.Id).Distinct().Count());
        var list = await _client.GetFromJsonAsync<VideoJson[]>("/api/videos", UploadClient.Json);
        Assert.Equal(8, list!.Length);
    }

    [Fact]
    public async Task A_Client_That_Disconnects_Leaves_Nothing_Behind()
    {
        using var response = await SendAndDropAsync(_client, new FakeVideoStream(64L * MiB, throwAfter: 12L * MiB));
        // The server sees the connection go away and aborts; give it a moment to clean up.
        await WaitUntilAsync(() => !StoredFiles().Any());
        Assert.Empty(StoredFiles());
        var list = await _client.GetFromJsonAsync<VideoJson[]>("/api/videos", UploadClient.Json);
        Assert.Empty(list!);
    }

    [Fact]
    public async Task Legacy_Upload_Route_Answers_With_The_Original_Fields()
    {
        using var response = await _client.UploadAsync(new FakeVideoStream(2048), "old.mp4", route: "/upload-and-generate-embeddings");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("old.mp4", body.GetProperty("filename").GetString());
        var videoId = body.GetProperty("video_id").GetGuid();
        Assert.NotEqual(Guid.Empty, body.GetProperty("embedding_id").GetGuid());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("status").GetString()));
        using var video = await _client.GetAsync($"/api/videos/{videoId}");
        Assert.Equal(HttpStatusCode.OK, video.StatusCode);

        using var notVideo = await _client.UploadAsync(new MemoryStream("hi"u8.ToArray()), "a.txt", "text/plain", "/upload-and-generate-embeddings");
        Assert.Equal(HttpStatusCode.BadRequest, notVideo.StatusCode);
        Assert.Contains("File must be a video", (await notVideo.ReadProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_Reports_Database_And_Storage()
    {
        var health = await _client.GetFromJsonAsync<JsonElement>("/api/health");
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("database").GetProperty("ok").GetBoolean());
        Assert.True(health.GetProperty("storage").GetProperty("ok").GetBoolean());
        Assert.Equal("FileSystem", health.GetProperty("storageProvider").GetString());
        Assert.Matches(@"^\d+\.\d+", health.GetProperty("ffmpeg").GetString());
    }

    [Fact]
    public async Task Serves_An_OpenApi_Document()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/videos", out _));
        Assert.True(document.GetProperty("paths").TryGetProperty("/upload-and-generate-embeddings", out _));
    }

    /// <summary>Sends a form whose body fails part-way, which drops the connection under the server.</summary>
    internal static async Task<HttpResponseMessage?> SendAndDropAsync(HttpClient client, Stream body)
    {
        try
        {
            return await client.UploadAsync(body);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition() && Environment.TickCount64 < deadline)
        {
            await Task.Delay(50);
        }
    }
}
