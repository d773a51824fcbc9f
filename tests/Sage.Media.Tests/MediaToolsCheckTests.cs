using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Sage.Media.Tests;

public sealed class MediaToolsCheckTests
{
    [Fact]
    public async Task Finds_And_Parses_The_Installed_Versions()
    {
        var check = new MediaToolsCheck(TestMedia.CreateRunner(new MediaOptions()), NullLogger<MediaToolsCheck>.Instance);

        await check.StartAsync(CancellationToken.None);

        Assert.NotNull(check.Ffmpeg?.Parsed);
        Assert.True(check.Ffmpeg.Parsed.Major >= 4);
        Assert.NotNull(check.Ffprobe);
    }

    [Fact]
    public async Task Missing_Ffmpeg_Fails_Start_Up_With_A_Clear_Message()
    {
        var check = new MediaToolsCheck(TestMedia.CreateRunner(new MediaOptions { FfmpegPath = "/opt/none/ffmpeg" }), NullLogger<MediaToolsCheck>.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => check.StartAsync(CancellationToken.None));

        Assert.Contains("ffmpeg is required but could not be run from '/opt/none/ffmpeg'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sage:Media:FfmpegPath", error.Message, StringComparison.Ordinal);
        Assert.Null(check.Ffmpeg);
    }

    [Fact]
    public async Task AddSageMedia_Binds_Options_And_Registers_The_Tools_And_The_Check()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sage:Media:ProbeTimeout"] = "00:00:05" })
            .Build();
        await using var provider = new ServiceCollection().AddLogging().AddSageMedia(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<MediaOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(5), options.ProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.ThumbnailTimeout);
        Assert.Equal("ffmpeg", options.FfmpegPath);
        Assert.Equal("ffprobe", options.FfprobePath);
        Assert.IsType<FfmpegMediaTools>(provider.GetRequiredService<IMediaTools>());
        var hosted = Assert.Single(provider.GetServices<IHostedService>().OfType<MediaToolsCheck>());
        Assert.Same(provider.GetRequiredService<MediaToolsCheck>(), hosted);
    }

    [Fact]
    public async Task Invalid_Options_Fail_Validation()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sage:Media:ProbeTimeout"] = "00:00:00", ["Sage:Media:FfmpegPath"] = "" })
            .Build();
        await using var provider = new ServiceCollection().AddLogging().AddSageMedia(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MediaOptions>>().Value);
        Assert.Contains(error.Failures, f => f.Contains(nameof(MediaOptions.ProbeTimeout), StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains(nameof(MediaOptions.FfmpegPath), StringComparison.Ordinal));
    }
}
