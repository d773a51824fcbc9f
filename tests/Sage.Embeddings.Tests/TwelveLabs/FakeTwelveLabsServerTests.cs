using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Sage.Tests.TwelveLabs;

namespace Sage.Embeddings.Tests.TwelveLabs;

/// <summary>The fake behaves like the documented service, so the client tests mean something.</summary>
public sealed class FakeTwelveLabsServerTests
{
    [Fact]
    public async Task Every_Answer_Carries_X_Api_Version_And_A_Wrong_Key_Gets_Api_Key_Invalid()
    {
        await using var fake = await FakeTwelveLabsServer.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, fake.BaseUrl + "/embed/tasks?page=1&page_limit=1");
        request.Headers.Add("x-api-key", "nope");

        using var response = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("1.3", response.Headers.GetValues("X-Api-Version").Single());
        Assert.Equal("api_key_invalid", body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Scopes_In_One_Field_Are_Refused_As_Parameter_Invalid()
    {
        await using var fake = await FakeTwelveLabsServer.StartAsync();
        using var http = new HttpClient();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("marengo3.0"), "model_name" },
            { new StringContent("clip,video"), "video_embedding_scope" },
            { new StringContent(fake.ServeFile(typeof(FakeTwelveLabsServerTests).Assembly.Location).AbsoluteUri), "video_url" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, fake.BaseUrl + "/embed/tasks") { Content = form };
        request.Headers.Add("x-api-key", fake.ApiKey);

        using var response = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("parameter_invalid", body.RootElement.GetProperty("code").GetString());
        Assert.Equal(0, fake.Creates);
    }

    [Fact]
    public async Task A_Create_That_Is_Not_Multipart_Is_Refused()
    {
        await using var fake = await FakeTwelveLabsServer.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, fake.BaseUrl + "/embed/tasks")
        {
            Content = new StringContent("""{"model_name":"marengo3.0"}""", new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("x-api-key", fake.ApiKey);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_Unknown_V2_Task_Is_404_In_The_V2_Error_Shape()
    {
        await using var fake = await FakeTwelveLabsServer.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, fake.BaseUrl + "/embed-v2/tasks/000000000000000000000000");
        request.Headers.Add("x-api-key", fake.ApiKey);

        using var response = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("resource_not_exist", body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/embed/tasks/000000000000000000000000/status")]
    [InlineData("/embed/tasks/000000000000000000000000")]
    public async Task An_Unknown_V1_Task_Is_400_Resource_Not_Exist_As_Documented(string path)
    {
        await using var fake = await FakeTwelveLabsServer.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, fake.BaseUrl + path);
        request.Headers.Add("x-api-key", fake.ApiKey);

        using var response = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("resource_not_exist", body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_Failed_V1_Status_Has_No_Reason_Field_As_Documented()
    {
        await using var fake = await FakeTwelveLabsServer.StartAsync();
        fake.FailTasksWith = "broken";
        var task = fake.SeedTask();
        using var http = new HttpClient();

        async Task<JsonDocument> StatusAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, fake.BaseUrl + $"/embed/tasks/{task.Id}/status");
            request.Headers.Add("x-api-key", fake.ApiKey);
            using var response = await http.SendAsync(request);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        }

        (await StatusAsync()).Dispose(); // the one "processing" poll
        using var failed = await StatusAsync();

        Assert.Equal("failed", failed.RootElement.GetProperty("status").GetString());
        Assert.False(failed.RootElement.TryGetProperty("error", out _));
    }

    [Theory]
    [InlineData("marengo3.0", HttpStatusCode.OK)]
    [InlineData("Marengo-retrieval-2.7", HttpStatusCode.BadRequest)]
    [InlineData("marengo3.5", HttpStatusCode.BadRequest)]
    public async Task V1_Takes_Only_The_Documented_Model(string model, HttpStatusCode expected)
    {
        await using var fake = await FakeTwelveLabsServer.StartAsync();
        using var http = new HttpClient();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(model), "model_name" },
            { new StringContent(fake.ServeFile(typeof(FakeTwelveLabsServerTests).Assembly.Location).AbsoluteUri), "video_url" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, fake.BaseUrl + "/embed/tasks") { Content = form };
        request.Headers.Add("x-api-key", fake.ApiKey);

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public void Vectors_Are_Deterministic_Unit_Length_And_Sized_By_Model()
    {
        var task30 = new FakeEmbedTask { Id = "a", ApiVersion = 1, Model = "marengo3.0", ClipLength = 2, Scopes = ["clip"], Options = ["visual"], CreatedAt = DateTimeOffset.UtcNow, DurationSeconds = 10 };
        var task27 = new FakeEmbedTask { Id = "a", ApiVersion = 1, Model = "Marengo-retrieval-2.7", ClipLength = 2, Scopes = ["clip"], Options = ["visual-text"], CreatedAt = DateTimeOffset.UtcNow, DurationSeconds = 10 };

        Assert.Equal(FakeTwelveLabsServer.MakeVector(task30, 3, "visual"), FakeTwelveLabsServer.MakeVector(task30, 3, "visual"));
        Assert.NotEqual(FakeTwelveLabsServer.MakeVector(task30, 3, "visual"), FakeTwelveLabsServer.MakeVector(task30, 4, "visual"));
        Assert.Equal(512, FakeTwelveLabsServer.MakeVector(task30, 0, "visual").Length);
        Assert.Equal(1024, FakeTwelveLabsServer.MakeVector(task27, 0, "visual-text").Length);
        Assert.Equal(1, Math.Sqrt(FakeTwelveLabsServer.MakeVector(task30, 0, "audio").Sum(v => (double)v * v)), 3);
    }
}
