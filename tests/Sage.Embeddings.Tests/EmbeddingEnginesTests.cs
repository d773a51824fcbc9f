using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sage.Embeddings.Local;
using Sage.Media;

namespace Sage.Embeddings.Tests;

public sealed class EmbeddingEnginesTests
{
    [Fact]
    public void Registering_twice_keeps_one_local_engine()
    {
        var configuration = new ConfigurationBuilder().Build();
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSageMedia(configuration)
            .AddSageEmbeddings(configuration)
            .AddSageEmbeddings(configuration)
            .BuildServiceProvider();

        // EmbeddingEngines refuses two engines with one name, so resolving it is the check.
        Assert.Single(services.GetRequiredService<EmbeddingEngines>().Names, n => n == "local");
    }

    [Fact]
    public void Options_are_validated_including_the_model_path()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sage:LocalEngine:ModelPath"] = "/nonexistent/ResNet18.onnx",
                ["Sage:LocalEngine:FramesPerSecond"] = "0",
            })
            .Build();
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSageMedia(configuration)
            .AddSageEmbeddings(configuration)
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<LocalEngineOptions>>().Value);
        Assert.Contains(error.Failures, f => f.Contains("FramesPerSecond", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ResNet18.onnx", StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_find_the_shipped_model_files()
    {
        var configuration = new ConfigurationBuilder().Build();
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSageMedia(configuration)
            .AddSageEmbeddings(configuration)
            .BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<LocalEngineOptions>>().Value;

        Assert.Equal(2, options.FramesPerSecond);
        Assert.Equal(1, options.MaxConcurrentJobs);
        Assert.True(File.Exists(options.ResolvedModelPath));
        Assert.IsAssignableFrom<IMediaTools>(services.GetRequiredService<IMediaTools>());
    }
}
