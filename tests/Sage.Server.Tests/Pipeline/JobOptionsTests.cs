using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sage.Embeddings.Local;
using Sage.Server.Jobs;

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
    public void An_Engine_Concurrency_Out_Of_Range_Is_Refused(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => RegisteredOptions.Resolve<JobOptions>((services, _) => services.AddJobs(), key, value));
        Assert.Contains("EngineConcurrency", error.Message, StringComparison.Ordinal);
    }
}
