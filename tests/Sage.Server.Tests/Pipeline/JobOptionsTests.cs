using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sage.Embeddings.Local;

namespace Sage.Server.Tests.Pipeline;

/// <summary>Sage:Jobs: one setting for engine concurrency, validated at start-up.</summary>
public sealed class JobOptionsTests
{
    [Theory]
    [InlineData(null, 1)]
    [InlineData("3", 3)]
    public void The_Local_Engine_Allows_As_Many_Embeddings_As_The_Worker_Runs(string? configured, int expected)
    {
        var settings = new Dictionary<string, string?>();
        if (configured is not null)
        {
            settings["Sage:Jobs:EngineConcurrency:local"] = configured;
        }

        using var server = new SageServerFactory(settings);

        Assert.Equal(expected, server.Services.GetRequiredService<IOptions<LocalEngineOptions>>().Value.MaxConcurrentJobs);
    }

    [Theory]
    [InlineData("Sage:Jobs:EngineConcurrency:local", "0")]
    [InlineData("Sage:Jobs:EngineConcurrency:twelvelabs", "-2")]
    [InlineData("Sage:Jobs:EngineConcurrency:local", "65")]
    public void The_Server_Does_Not_Start_With_An_Engine_Concurrency_Out_Of_Range(string key, string value)
    {
        using var server = new SageServerFactory(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => server.CreateHttpClient());
        Assert.True(error is OptionsValidationException, error.ToString());
        Assert.Contains("EngineConcurrency", error.Message, StringComparison.Ordinal);
    }
}
