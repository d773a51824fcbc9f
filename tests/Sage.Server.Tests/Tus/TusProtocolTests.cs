using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sage.Server.Uploads.Tus;

namespace Sage.Server.Tests.Tus;

/// <summary>tus 1.0.0 at /api/uploads, request by request, into the default file store.</summary>
public sealed class TusProtocolTests : IDisposable
{
    private const int MiB = 1024 * 1024;
    private const long MaxUploadBytes = 100L * MiB;

    private readonly SageServerFactory _server = new(new Dictionary<string, string?>
    {
        ["Sage:MaxUploadBytes"] = MaxUploadBytes.ToString(CultureInfo.InvariantCulture),
        ["Sage:Storage:PartSize"] = (5 * MiB).ToString(CultureInfo.InvariantCulture),
    });

    private readonly HttpClient _client;

    public TusProtocolTests() => _client = _server.CreateHttpClient();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private string UploadsDirectory => Path.Combine(_server.DataDirectory, "uploads");

    private string[] MultipartFiles() =>
        Directory.Exists(Path.Combine(_server.DataDirectory, "multipart")) ? Directory.GetFiles(Path.Combine(_server.DataDirectory, "multipart")) : [];

    private static string IdOf(string url) => url[(url.LastIndexOf('/') + 1)..];

    /// <summary>The bytes stored for the video that the final PATCH's answer names.</summary>
    private async Task<byte[]> StoredObjectAsync(HttpResponseMessage finalPatch)
    {
        var video = await _client.GetFromJsonAsync<VideoJson>($"/api/videos/{finalPatch.Header("Sage-Video-Id")}", UploadClient.Json);
        return await File.ReadAllBytesAsync(Path.Combine(_server.DataDirectory, "objects", video!.StorageKey));
    }

    [Fact]
    public async Task Options_Returns_200_With_Version_Extensions_Max_Size_And_Checksum_Algorithms()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, TusRequests.Endpoint);
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1.0.0", response.Header("Tus-Version"));
        Assert.Equal("creation,creation-with-upload,creation-defer-length,termination,checksum,expiration", response.Header("Tus-Extension"));
        Assert.Equal(MaxUploadBytes.ToString(CultureInfo.InvariantCulture), response.Header("Tus-Max-Size"));
        Assert.Equal("sha1,md5,sha256", response.Header("Tus-Checksum-Algorithm"));
        Assert.Null(response.Header("Tus-Resumable"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0.2.2")]
    public async Task Returns_412_With_Tus_Version_If_Tus_Resumable_Is_Missing_Or_Unsupported(string? version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TusRequests.Endpoint);
        request.Headers.Add("Upload-Length", "100");
        if (version is not null)
        {
            request.Headers.Add("Tus-Resumable", version);
        }

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("1.0.0", response.Header("Tus-Version"));
        Assert.Equal("1.0.0", response.Header("Tus-Resumable"));
    }

    [Fact]
    public async Task Creation_Returns_201_With_An_Absolute_Location_And_An_Rfc7231_Expiry()
    {
        using var response = await _client.CreateAsync(1000);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.True(location.IsAbsoluteUri);
        Assert.StartsWith(new Uri(_client.BaseAddress!, "/api/uploads/").ToString(), location.ToString(), StringComparison.Ordinal);
        Assert.Equal("1.0.0", response.Header("Tus-Resumable"));
        var expires = DateTimeOffset.ParseExact(response.Header("Upload-Expires")!, "r", CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(25));
    }

    [Fact]
    public async Task Head_Returns_Offset_0_Length_Metadata_And_No_Store()
    {
        var url = await _client.CreateUploadAsync(1000);

        using var head = await _client.HeadAsync(url);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("0", head.Header("Upload-Offset"));
        Assert.Equal("1000", head.Header("Upload-Length"));
        Assert.Equal("no-store", head.Header("Cache-Control"));
        Assert.Equal(TusRequests.VideoMetadata, head.Header("Upload-Metadata"));
        Assert.Equal("1.0.0", head.Header("Tus-Resumable"));
        Assert.NotNull(head.Header("Upload-Expires"));
    }

    [Fact]
    public async Task Returns_404_For_An_Unknown_Upload()
    {
        var unknown = "/api/uploads/" + Guid.NewGuid();

        using var head = await _client.HeadAsync(unknown);
        using var patch = await _client.PatchAsync(unknown, 0, [1, 2, 3]);
        using var delete = await _client.DeleteUploadAsync(unknown);
        using var notAnId = await _client.HeadAsync("/api/uploads/not-an-id");
        using var status = await _client.GetAsync(unknown);

        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notAnId.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Equal("1.0.0", patch.Header("Tus-Resumable"));
    }

    [Fact]
    public async Task Returns_409_If_Offset_Does_Not_Match()
    {
        var url = await _client.CreateUploadAsync(10_000);
        using (var first = await _client.PatchAsync(url, 0, TusRequests.FakeVideo(10_000)[..5000]))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }

        using var response = await _client.PatchAsync(url, 4000, new byte[100]);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(5000, response.Offset());
        using var head = await _client.HeadAsync(url);
        Assert.Equal(5000, head.Offset());
    }

    [Fact]
    public async Task Returns_415_If_Patch_Content_Type_Is_Not_Offset_Octet_Stream()
    {
        var url = await _client.CreateUploadAsync(1000);

        using var response = await _client.PatchAsync(url, 0, TusRequests.FakeVideo(1000),
            r => r.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        using var head = await _client.HeadAsync(url);
        Assert.Equal(0, head.Offset());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    [InlineData("+5")]
    public async Task Returns_400_For_A_Negative_Non_Numeric_Or_Overflowing_Offset_Or_Length(string value)
    {
        var url = await _client.CreateUploadAsync(1000);

        using var patch = await _client.PatchAsync(url, 0, new byte[10], r =>
        {
            r.Headers.Remove("Upload-Offset");
            r.Headers.TryAddWithoutValidation("Upload-Offset", value);
        });
        using var create = await _client.CreateAsync(1, configure: r =>
        {
            r.Headers.Remove("Upload-Length");
            r.Headers.TryAddWithoutValidation("Upload-Length", value);
        });

        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
    }

    [Fact]
    public async Task Returns_400_Unless_Exactly_One_Of_Upload_Length_And_Upload_Defer_Length_1_Is_Sent()
    {
        using var both = await _client.CreateAsync(100, configure: r => r.Headers.Add("Upload-Defer-Length", "1"));
        using var neither = await _client.CreateAsync(100, configure: r => r.Headers.Remove("Upload-Length"));
        using var deferTwo = await _client.CreateAsync(null, configure: r =>
        {
            r.Headers.Remove("Upload-Defer-Length");
            r.Headers.Add("Upload-Defer-Length", "2");
        });

        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, deferTwo.StatusCode);
    }

    [Fact]
    public async Task Returns_413_If_Upload_Length_Is_Over_The_Maximum()
    {
        using var response = await _client.CreateAsync(MaxUploadBytes + 1);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(MultipartFiles());
    }

    [Fact]
    public async Task Returns_400_If_A_Patch_Would_Pass_Upload_Length_And_Keeps_Nothing_Beyond_It()
    {
        var url = await _client.CreateUploadAsync(1000);
        var bytes = TusRequests.FakeVideo(1500);

        using var declared = await _client.PatchAsync(url, 0, bytes);

        // Without Content-Length the server only notices while reading: it keeps at most the declared length.
        using var request = TusRequests.Tus(HttpMethod.Patch, url);
        request.Headers.Add("Upload-Offset", "0");
        request.Content = new StreamContent(new MemoryStream(bytes));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        request.Headers.TransferEncodingChunked = true;
        using var chunked = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, declared.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, chunked.StatusCode);
        using var head = await _client.HeadAsync(url);
        Assert.InRange(head.Offset(), 0, 1000);
        var pending = Path.Combine(UploadsDirectory, Guid.Parse(IdOf(url)).ToString("N") + ".pending");
        Assert.True(!File.Exists(pending) || new FileInfo(pending).Length <= 1000);
    }

    [Theory]
    [InlineData(new[] { 1000, 7 * MiB, 3 * MiB + 17 })]
    [InlineData(new[] { 5 * MiB, 5 * MiB, 1 })]
    [InlineData(new[] { 200 })]
    public async Task Patches_Append_And_The_Last_Makes_The_Video_With_Its_Sha256(int[] chunks)
    {
        var length = chunks.Sum();
        var bytes = TusRequests.FakeVideo(length);
        var url = await _client.CreateUploadAsync(length);

        var offset = 0;
        HttpResponseMessage? last = null;
        foreach (var chunk in chunks)
        {
            last?.Dispose();
            last = await _client.PatchAsync(url, offset, bytes[offset..(offset + chunk)]);
            Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
            offset += chunk;
            Assert.Equal(offset, last.Offset());
        }

        Assert.NotNull(last);
        var videoId = last.Header("Sage-Video-Id");
        last.Dispose();
        Assert.NotNull(videoId);
        var video = await _client.GetFromJsonAsync<VideoJson>($"/api/videos/{videoId}", UploadClient.Json);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), video!.Sha256);
        Assert.Equal(length, video.Size);
        Assert.Equal("clip.mp4", video.FileName);
        Assert.Equal("video/mp4", video.ContentType);
        Assert.Equal(bytes, await _client.GetByteArrayAsync(video.ContentUrl));

        using var head = await _client.HeadAsync(url);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(videoId, head.Header("Sage-Video-Id"));
        Assert.Equal(length, head.Offset());
        Assert.Null(head.Header("Upload-Expires"));
        var status = await _client.GetFromJsonAsync<JsonElement>(url, UploadClient.Json);
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(videoId, status.GetProperty("videoId").GetString());
        Assert.Equal("clip.mp4", status.GetProperty("filename").GetString());
        Assert.Equal(length, status.GetProperty("offset").GetInt64());
        Assert.Empty(Directory.GetFiles(UploadsDirectory));
    }

    [Fact]
    public async Task Creation_With_Upload_Takes_The_First_Bytes()
    {
        var bytes = TusRequests.FakeVideo(3000);
        using var response = await _client.CreateAsync(3000, configure: r =>
        {
            r.Content = new ByteArrayContent(bytes[..1200]);
            r.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1200, response.Offset());
        var url = response.Headers.Location!.AbsolutePath;
        using var rest = await _client.PatchAsync(url, 1200, bytes[1200..]);
        Assert.Equal(HttpStatusCode.NoContent, rest.StatusCode);
        Assert.NotNull(rest.Header("Sage-Video-Id"));
    }

    [Fact]
    public async Task Defer_Length_Sets_The_Length_Once()
    {
        var bytes = TusRequests.FakeVideo(6 * MiB + 5);
        var url = await _client.CreateUploadAsync(null);
        using (var head = await _client.HeadAsync(url))
        {
            Assert.Equal("1", head.Header("Upload-Defer-Length"));
            Assert.Null(head.Header("Upload-Length"));
        }

        using (var first = await _client.PatchAsync(url, 0, bytes[..(3 * MiB)]))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
            Assert.Equal("1", first.Header("Upload-Defer-Length"));
        }

        using (var setsLength = await _client.PatchAsync(url, 3 * MiB, bytes[(3 * MiB)..(4 * MiB)], r => r.Headers.Add("Upload-Length", bytes.Length.ToString(CultureInfo.InvariantCulture))))
        {
            Assert.Equal(HttpStatusCode.NoContent, setsLength.StatusCode);
            Assert.Equal(bytes.Length.ToString(CultureInfo.InvariantCulture), setsLength.Header("Upload-Length"));
        }

        using (var changesLength = await _client.PatchAsync(url, 4 * MiB, bytes[(4 * MiB)..], r => r.Headers.Add("Upload-Length", "99999999")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, changesLength.StatusCode);
        }

        using var last = await _client.PatchAsync(url, 4 * MiB, bytes[(4 * MiB)..], r => r.Headers.Add("Upload-Length", bytes.Length.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
        var video = await _client.GetFromJsonAsync<VideoJson>($"/api/videos/{last.Header("Sage-Video-Id")}", UploadClient.Json);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), video!.Sha256);
    }

    [Fact]
    public async Task Method_Override_Makes_A_Post_A_Patch_A_Head_Or_A_Delete()
    {
        var bytes = TusRequests.FakeVideo(2000);
        var url = await _client.CreateUploadAsync(2000);

        using var patch = TusRequests.Tus(HttpMethod.Post, url);
        patch.Headers.Add("X-HTTP-Method-Override", "PATCH");
        patch.Headers.Add("Upload-Offset", "0");
        patch.Content = new ByteArrayContent(bytes[..500]);
        patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        using var patched = await _client.SendAsync(patch);
        Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        Assert.Equal(500, patched.Offset());

        using var head = TusRequests.Tus(HttpMethod.Post, url);
        head.Headers.Add("X-HTTP-Method-Override", "HEAD");
        using var headed = await _client.SendAsync(head);
        Assert.Equal(HttpStatusCode.OK, headed.StatusCode);
        Assert.Equal(500, headed.Offset());
        Assert.Equal("no-store", headed.Header("Cache-Control"));

        using var delete = TusRequests.Tus(HttpMethod.Post, url);
        delete.Headers.Add("X-HTTP-Method-Override", "DELETE");
        using var deleted = await _client.SendAsync(delete);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await _client.HeadAsync(url);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
    }

    [Fact]
    public async Task Pending_Bytes_Stay_In_Place_Each_Written_Once_And_No_Pending_File_Is_Made()
    {
        // 5 MiB parts, PATCHes of 3 MiB: most PATCHes end inside a part.
        var bytes = TusRequests.FakeVideo(16 * MiB);
        var url = await _client.CreateUploadAsync(bytes.Length);
        for (var offset = 0; offset < bytes.Length; offset += 3 * MiB)
        {
            var end = Math.Min(bytes.Length, offset + (3 * MiB));
            using var patched = await _client.PatchAsync(url, offset, bytes[offset..end]);
            Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
            if (end < bytes.Length)
            {
                Assert.Empty(Directory.GetFiles(UploadsDirectory));
                var data = Assert.Single(MultipartFiles(), f => f.EndsWith(".data", StringComparison.Ordinal));
                Assert.Equal(end, new FileInfo(data).Length);
            }
            else
            {
                Assert.Equal(bytes, await StoredObjectAsync(patched));
            }
        }
    }

    [Fact]
    public async Task An_Upload_Whose_Pending_Bytes_Are_In_A_Pending_File_Goes_On_From_The_File()
    {
        // As an earlier version left it: the pending bytes in uploads/{id}.pending. The file is the truth; the
        // bytes in place are made wrong here to show they are not used.
        var bytes = TusRequests.FakeVideo(8 * MiB);
        var url = await _client.CreateUploadAsync(bytes.Length);
        using (var patched = await _client.PatchAsync(url, 0, bytes[..(7 * MiB)]))
        {
            Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        }

        var pendingFile = Path.Combine(UploadsDirectory, Guid.Parse(IdOf(url)).ToString("N") + ".pending");
        await File.WriteAllBytesAsync(pendingFile, bytes[(5 * MiB)..(7 * MiB)]);
        var data = Assert.Single(MultipartFiles(), f => f.EndsWith(".data", StringComparison.Ordinal));
        await using (var inPlace = new FileStream(data, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            inPlace.Position = 5 * MiB;
            await inPlace.WriteAsync(new byte[2 * MiB]);
        }

        using var last = await _client.PatchAsync(url, 7 * MiB, bytes[(7 * MiB)..]);

        Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
        Assert.Equal(bytes, await StoredObjectAsync(last));
        Assert.Empty(Directory.GetFiles(UploadsDirectory));
    }

    [Fact]
    public async Task Termination_Returns_204_Removes_The_Stored_Parts_And_Then_The_Upload_Is_Gone()
    {
        var bytes = TusRequests.FakeVideo(20 * MiB);
        var url = await _client.CreateUploadAsync(bytes.Length);
        using (var patched = await _client.PatchAsync(url, 0, bytes[..(7 * MiB)]))
        {
            Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        }

        // Part 1 (5 MiB, the test's part size) and the 2 pending MiB, kept in place in the upload's file.
        Assert.NotEmpty(MultipartFiles());

        using var deleted = await _client.DeleteUploadAsync(url);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal("1.0.0", deleted.Header("Tus-Resumable"));
        Assert.Empty(Directory.GetFiles(UploadsDirectory));
        Assert.Empty(MultipartFiles());
        using var head = await _client.HeadAsync(url);
        Assert.Equal(HttpStatusCode.Gone, head.StatusCode);
        using var patch = await _client.PatchAsync(url, 7 * MiB, bytes[(7 * MiB)..]);
        Assert.Equal(HttpStatusCode.Gone, patch.StatusCode);
        var status = await _client.GetFromJsonAsync<JsonElement>(url, UploadClient.Json);
        Assert.Equal("terminated", status.GetProperty("status").GetString());
    }

#pragma warning disable CA5350, CA5351 // tus's checksum extension names sha1 (required) and md5
    [Fact]
    public async Task Checksum_Mismatch_Returns_460_And_The_Offset_Is_Unchanged()
    {
        var bytes = TusRequests.FakeVideo(12 * MiB);
        var url = await _client.CreateUploadAsync(bytes.Length);
        var chunk = bytes[..(6 * MiB)];
        var wrong = SHA1.HashData(bytes[..10]);

        using var mismatch = await _client.PatchAsync(url, 0, chunk, r => r.Headers.Add("Upload-Checksum", "sha1 " + Convert.ToBase64String(wrong)));

        Assert.Equal(460, (int)mismatch.StatusCode);
        Assert.Equal(0, mismatch.Offset());
        using (var head = await _client.HeadAsync(url))
        {
            Assert.Equal(0, head.Offset());
        }

        Assert.Empty(Directory.GetFiles(UploadsDirectory));

        using var sha1 = await _client.PatchAsync(url, 0, chunk, r => r.Headers.Add("Upload-Checksum", "sha1 " + Convert.ToBase64String(SHA1.HashData(chunk))));
        Assert.Equal(HttpStatusCode.NoContent, sha1.StatusCode);
        Assert.Equal(6 * MiB, sha1.Offset());
        var second = bytes[(6 * MiB)..(9 * MiB)];
        using var md5 = await _client.PatchAsync(url, 6 * MiB, second, r => r.Headers.Add("Upload-Checksum", "md5 " + Convert.ToBase64String(MD5.HashData(second))));
        Assert.Equal(HttpStatusCode.NoContent, md5.StatusCode);
        var third = bytes[(9 * MiB)..];
        using var sha256 = await _client.PatchAsync(url, 9 * MiB, third, r => r.Headers.Add("Upload-Checksum", "sha256 " + Convert.ToBase64String(SHA256.HashData(third))));
        Assert.Equal(HttpStatusCode.NoContent, sha256.StatusCode);
        var video = await _client.GetFromJsonAsync<VideoJson>($"/api/videos/{sha256.Header("Sage-Video-Id")}", UploadClient.Json);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), video!.Sha256);
    }

#pragma warning restore CA5350, CA5351

    [Theory]
    [InlineData("crc32 AAAAAA==")]
    [InlineData("sha1")]
    [InlineData("sha1 not-base64!")]
    public async Task Returns_400_For_An_Unknown_Checksum_Algorithm_Or_A_Malformed_Checksum(string header)
    {
        var url = await _client.CreateUploadAsync(1000);

        using var response = await _client.PatchAsync(url, 0, TusRequests.FakeVideo(1000), r => r.Headers.TryAddWithoutValidation("Upload-Checksum", header));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Returns_423_While_Another_Patch_Is_Writing()
    {
        var bytes = TusRequests.FakeVideo(4000);
        var url = await _client.CreateUploadAsync(bytes.Length);
        var body = new GatedContent(bytes[..2000], bytes[2000..]);
        using var slow = TusRequests.Tus(HttpMethod.Patch, url);
        slow.Headers.Add("Upload-Offset", "0");
        slow.Content = body;
        slow.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        slow.Content.Headers.ContentLength = bytes.Length;
        var first = _client.SendAsync(slow);
        await body.FirstPartSent.WaitAsync(TimeSpan.FromSeconds(10));
        // Watched from inside: a probing PATCH could itself hold the upload for a moment and turn the first one away.
        var locks = _server.Services.GetRequiredService<TusUploadLocks>();
        await WaitUntilAsync(() => Task.FromResult(locks.IsHeld(Guid.Parse(IdOf(url)))));

        using var second = await _client.PatchAsync(url, 0, bytes);

        Assert.Equal(HttpStatusCode.Locked, second.StatusCode);
        body.Release();
        using var done = await first;
        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        Assert.Equal(bytes.Length, done.Offset());
    }

    [Fact]
    public async Task Metadata_Is_Never_Echoed_Raw()
    {
        var metadata = TusRequests.Metadata(("filename", "evil\r\nX-Injected: yes\r\n.mp4"), ("filetype", "video/mp4"), ("flag", null)) + " , other " + Convert.ToBase64String("\n"u8.ToArray());

        using var created = await _client.CreateAsync(500, metadata);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = created.Headers.Location!.AbsolutePath;
        using var head = await _client.HeadAsync(url);

        Assert.Null(head.Header("X-Injected"));
        var echoed = head.Header("Upload-Metadata")!;
        Assert.DoesNotContain('\r', echoed);
        Assert.DoesNotContain('\n', echoed);
        Assert.DoesNotContain(' ', echoed.Split(',')[2]);
        Assert.Equal(metadata.Replace(" , ", ",", StringComparison.Ordinal), echoed);
        var status = await _client.GetFromJsonAsync<JsonElement>(url, UploadClient.Json);
        Assert.Equal("evilX-Injected: yes.mp4", status.GetProperty("filename").GetString());
    }

    [Theory]
    [InlineData("filename bm90IGJhc2U2NA=")]
    [InlineData("filename !!!!")]
    [InlineData("filename a b")]
    [InlineData("filename YQ==,filename Yg==")]
    [InlineData(",")]
    public async Task Returns_400_For_Malformed_Metadata(string metadata)
    {
        using var response = await _client.CreateAsync(100, metadata);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(MultipartFiles());
    }

    [Theory]
    [InlineData("notes.txt", "text/plain")]
    [InlineData("clip.mp4", "image/png")]
    [InlineData("notes.txt", null)]
    public async Task Returns_415_For_A_Filetype_That_Is_Not_Video(string fileName, string? fileType)
    {
        using var response = await _client.CreateAsync(100, TusRequests.Metadata(("filename", fileName), ("filetype", fileType ?? "application/octet-stream")));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(MultipartFiles());
    }

    [Fact]
    public async Task Returns_415_And_Ends_The_Upload_If_The_First_Bytes_Are_No_Video()
    {
        var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("this is not a video at all. ", 400)));
        var url = await _client.CreateUploadAsync(text.Length);

        using var response = await _client.PatchAsync(url, 0, text);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("container", response.Header("Sage-Upload-Error"), StringComparison.Ordinal);
        using var head = await _client.HeadAsync(url);
        Assert.Equal(HttpStatusCode.Gone, head.StatusCode);
        Assert.Contains("container", head.Header("Sage-Upload-Error"), StringComparison.Ordinal);
        var status = await _client.GetFromJsonAsync<JsonElement>(url, UploadClient.Json);
        Assert.Equal("failed", status.GetProperty("status").GetString());
        Assert.Contains("container", status.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(MultipartFiles());
        Assert.Empty(Directory.GetFiles(UploadsDirectory));
    }

    [Fact]
    public async Task The_First_Bytes_Are_Checked_Across_Small_Patches()
    {
        var video = TusRequests.FakeVideo(10_000);
        var good = await _client.CreateUploadAsync(video.Length);
        var text = new byte[10_000];
        text.AsSpan().Fill((byte)'x');
        var bad = await _client.CreateUploadAsync(text.Length);

        var statuses = new List<HttpStatusCode>();
        for (var offset = 0; offset < 5000; offset += 1000)
        {
            using var ok = await _client.PatchAsync(good, offset, video[offset..(offset + 1000)]);
            Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
            using var refused = await _client.PatchAsync(bad, offset, text[offset..(offset + 1000)]);
            statuses.Add(refused.StatusCode);
            if (refused.StatusCode != HttpStatusCode.NoContent)
            {
                break;
            }
        }

        // 4096 bytes decide: the fifth 1000-byte PATCH crosses them.
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.UnsupportedMediaType], statuses);
        using var rest = await _client.PatchAsync(good, 5000, video[5000..]);
        Assert.Equal(HttpStatusCode.NoContent, rest.StatusCode);
        Assert.NotNull(rest.Header("Sage-Video-Id"));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }

    /// <summary>A body that sends its first part, then waits to be released before the rest.</summary>
    private sealed class GatedContent(byte[] first, byte[] rest) : HttpContent
    {
        private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstPartSent => _sent.Task;

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(first);
            await stream.FlushAsync();
            _sent.TrySetResult();
            await _release.Task;
            await stream.WriteAsync(rest);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = first.Length + rest.Length;
            return true;
        }
    }
}
