using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sage.Embeddings;
using Sage.Embeddings.TwelveLabs;
using Sage.Server.Settings;
using Sage.Tests.TwelveLabs;

namespace Sage.Server.Tests.Settings;

public sealed class SettingsApiTests
{
    [Fact]
    public async Task A_Valid_Key_Is_Stored_Encrypted_And_Only_Described()
    {
        await using var server = await SettingsServer.StartAsync();
        var key = server.Fake.ApiKey;

        using var put = await server.Client.PutAsJsonAsync("/api/settings/twelvelabs", new { apiKey = key });
        var putBody = await put.Content.ReadAsStringAsync();
        using var get = await server.Client.GetAsync("/api/settings/twelvelabs");
        var getBody = await get.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using var status = JsonDocument.Parse(getBody);
        Assert.True(status.RootElement.GetProperty("configured").GetBoolean());
        Assert.True(status.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(key[^4..], status.RootElement.GetProperty("hint").GetString());
        Assert.Equal("settings", status.RootElement.GetProperty("source").GetString());
        Assert.DoesNotContain(key, putBody, StringComparison.Ordinal);
        Assert.DoesNotContain(key, getBody, StringComparison.Ordinal);

        var database = server.DatabaseBytes();
        Assert.NotEmpty(database);
        Assert.Equal(-1, database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(key)));
        Assert.Equal(-1, database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(key[..^4])));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(server.Factory.DataDirectory, "keys"), "*.xml"));

        // The engine gets the stored key.
        var source = server.Factory.Services.GetRequiredService<ITwelveLabsKeySource>();
        Assert.Equal(key, await source.GetApiKeyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_Validity_Is_Checked_At_Most_Once_A_Minute()
    {
        await using var server = await SettingsServer.StartAsync();
        using var put = await server.Client.PutAsJsonAsync("/api/settings/twelvelabs", new { apiKey = server.Fake.ApiKey });

        for (var i = 0; i < 3; i++)
        {
            using var get = await server.Client.GetAsync("/api/settings/twelvelabs");
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        }

        Assert.Equal(1, server.Fake.Hits(FakeTwelveLabsEndpoint.ListTasks));
    }

    [Fact]
    public async Task A_Wrong_Key_Is_400_And_Not_Stored()
    {
        await using var server = await SettingsServer.StartAsync();

        using var put = await server.Client.PutAsJsonAsync("/api/settings/twelvelabs", new { apiKey = "tlk_wrong_key_12345" });
        var body = await put.Content.ReadAsStringAsync();
        var status = await server.Client.GetFromJsonAsync<TwelveLabsKeyStatus>("/api/settings/twelvelabs");

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        Assert.Contains("invalid", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("tlk_wrong_key_12345", body, StringComparison.Ordinal);
        Assert.False(status!.Configured);
    }

    [Fact]
    public async Task When_TwelveLabs_Cannot_Be_Reached_The_Key_Is_Not_Called_Invalid_Nor_Stored()
    {
        await using var server = await SettingsServer.StartAsync(twelveLabsDown: true);

        using var put = await server.Client.PutAsJsonAsync("/api/settings/twelvelabs", new { apiKey = "tlk_maybe_good_key" });
        var body = await put.Content.ReadAsStringAsync();
        var status = await server.Client.GetFromJsonAsync<TwelveLabsKeyStatus>("/api/settings/twelvelabs");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        Assert.Contains("could not be reached", body, StringComparison.Ordinal);
        Assert.Contains("network", body, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid", body, StringComparison.OrdinalIgnoreCase);
        Assert.False(status!.Configured);
    }

    [Fact]
    public async Task A_Missing_Key_Is_400()
    {
        await using var server = await SettingsServer.StartAsync();

        using var put = await server.Client.PutAsJsonAsync("/api/settings/twelvelabs", new { apiKey = " " });

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Empty(server.Fake.Requests);
    }

    [Fact]
    public async Task Delete_Removes_The_Stored_Key()
    {
        await using var server = await SettingsServer.StartAsync();
        using var put = await server.Client.PutAsJsonAsync("/api/settings/twelvelabs", new { apiKey = server.Fake.ApiKey });

        using var delete = await server.Client.DeleteAsync("/api/settings/twelvelabs");
        var status = await server.Client.GetFromJsonAsync<TwelveLabsKeyStatus>("/api/settings/twelvelabs");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(TwelveLabsKeyStatus.NotConfigured, status);
        Assert.Null(await server.Factory.Services.GetRequiredService<ITwelveLabsKeySource>().GetApiKeyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_Environment_Key_Is_Used_When_None_Is_Stored()
    {
        await using var server = await SettingsServer.StartAsync(new Dictionary<string, string?> { ["TWELVELABS_API_KEY"] = FakeTwelveLabsServer.DefaultApiKey });

        var status = await server.Client.GetFromJsonAsync<TwelveLabsKeyStatus>("/api/settings/twelvelabs");
        var body = await server.Client.GetStringAsync("/api/settings/twelvelabs");

        Assert.Equal(new TwelveLabsKeyStatus(true, true, FakeTwelveLabsServer.DefaultApiKey[^4..], "environment", "valid"), status);
        Assert.DoesNotContain(FakeTwelveLabsServer.DefaultApiKey, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Stored_Key_Survives_A_Restart()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("sage-settings-restart-").FullName;
        try
        {
            await using (var first = await SettingsServer.StartAsync(dataDirectory: dataDirectory))
            {
                using var put = await first.Client.PutAsJsonAsync("/api/settings/twelvelabs", new { apiKey = first.Fake.ApiKey });
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            }

            await using var second = await SettingsServer.StartAsync(dataDirectory: dataDirectory);
            var status = await second.Client.GetFromJsonAsync<TwelveLabsKeyStatus>("/api/settings/twelvelabs");

            Assert.True(status!.Configured);
            Assert.Equal("settings", status.Source);
            Assert.True(status.Valid);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Legacy_Validate_Key_Answers_IsValid_Without_Echoing_Or_Storing()
    {
        await using var server = await SettingsServer.StartAsync();

        using var good = await server.Client.PostAsJsonAsync("/validate-key", new { key = server.Fake.ApiKey });
        var goodBody = await good.Content.ReadAsStringAsync();
        using var bad = await server.Client.PostAsJsonAsync("/validate-key", new { key = "tlk_not_this_one" });
        var badBody = await bad.Content.ReadAsStringAsync();
        var status = await server.Client.GetFromJsonAsync<TwelveLabsKeyStatus>("/api/settings/twelvelabs");

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal("""{"isValid":true}""", goodBody);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Equal("""{"isValid":false}""", badBody);
        Assert.False(status!.Configured);
    }

    [Fact]
    public async Task The_Default_Engine_Follows_The_Key_Unless_Chosen()
    {
        await using var server = await SettingsServer.StartAsync();
        var chooser = server.Factory.Services.GetRequiredService<EmbeddingEngineChooser>();

        Assert.Equal("local", await chooser.ChooseDefaultEngineAsync(CancellationToken.None));

        using var put = await server.Client.PutAsJsonAsync("/api/settings/twelvelabs", new { apiKey = server.Fake.ApiKey });
        Assert.Equal("twelvelabs", await chooser.ChooseDefaultEngineAsync(CancellationToken.None));
        Assert.Equal(new EngineSetting("auto", "configuration", "twelvelabs"), await server.Client.GetFromJsonAsync<EngineSetting>("/api/settings/engine"));

        using var choose = await server.Client.PutAsJsonAsync("/api/settings/engine", new { defaultEngine = "local" });
        Assert.Equal(HttpStatusCode.OK, choose.StatusCode);
        Assert.Equal("local", await chooser.ChooseDefaultEngineAsync(CancellationToken.None));
        Assert.Equal(new EngineSetting("local", "settings", "local"), await server.Client.GetFromJsonAsync<EngineSetting>("/api/settings/engine"));

        using var bogus = await server.Client.PutAsJsonAsync("/api/settings/engine", new { defaultEngine = "gpt" });
        Assert.Equal(HttpStatusCode.BadRequest, bogus.StatusCode);
        Assert.True(server.Factory.Services.GetRequiredService<EmbeddingEngines>().TryGet("twelvelabs", out _));
    }

    [Fact]
    public async Task Configuration_Can_Make_Local_The_Default_Even_With_A_Valid_Key()
    {
        await using var server = await SettingsServer.StartAsync(new Dictionary<string, string?>
        {
            ["Sage:Embedding:DefaultEngine"] = "local",
            ["TWELVELABS_API_KEY"] = FakeTwelveLabsServer.DefaultApiKey,
        });

        var chooser = server.Factory.Services.GetRequiredService<EmbeddingEngineChooser>();

        Assert.Equal("local", await chooser.ChooseDefaultEngineAsync(CancellationToken.None));
    }

    [Fact]
    public void An_Unknown_Configured_Engine_Stops_The_Start_Naming_The_Choices()
    {
        using var server = new SageServerFactory(new Dictionary<string, string?> { ["Sage:Embedding:DefaultEngine"] = "gpt" });

        var failure = Assert.ThrowsAny<Exception>(() => server.Services);

        Assert.Contains("Sage:Embedding:DefaultEngine must be one of: auto, local, twelvelabs.", failure.ToString(), StringComparison.Ordinal);
    }
}
