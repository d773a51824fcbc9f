using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sage.Core.Comparison;
using Sage.Server.Comparisons;

namespace Sage.Server.Tests.Comparisons;

/// <summary>Sage:Comparisons: defaults per engine and start-up validation.</summary>
public sealed class ComparisonsOptionsTests
{
    [Fact]
    public void Defaults_Are_Automatic_For_Both_Engines_And_Aligned()
    {
        var options = new ComparisonsOptions();

        Assert.Null(options.DefaultThresholdFor("local"));
        Assert.Null(options.DefaultThresholdFor("twelvelabs"));
        Assert.Null(options.DefaultThresholdFor("other"));
        Assert.Equal(ComparisonMode.Aligned, options.DefaultMode);
        Assert.True(options.HasValidThresholds());
    }

    [Theory]
    [InlineData("0.2", 0.2)]
    [InlineData("auto", null)]
    [InlineData("AUTO", null)]
    public void Reads_A_Number_Or_Auto(string value, double? expected)
    {
        var options = new ComparisonsOptions { DefaultThresholds = { ["local"] = value } };

        Assert.True(options.HasValidThresholds());
        Assert.Equal(expected, options.DefaultThresholdFor("LOCAL"));
    }

    [Theory]
    [InlineData("Sage:Comparisons:DefaultThresholds:local", "3")]
    [InlineData("Sage:Comparisons:DefaultThresholds:local", "abc")]
    public void A_Threshold_That_Is_Not_Auto_Or_A_Distance_Is_Refused(string key, string value)
    {
        using var provider = ProviderWith(key, value);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ComparisonsOptions>>().Value);
        Assert.Contains("DefaultThresholds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Mode_That_Does_Not_Exist_Is_Refused()
    {
        using var provider = ProviderWith("Sage:Comparisons:DefaultMode", "fuzzy");

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<ComparisonsOptions>>().Value);
        Assert.Contains("DefaultMode", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The server's own registration with one setting; resolving the options is what start-up validation does.
    /// (Starting a whole host to see it fail is not reliable: WebApplicationFactory + Kestrel sometimes reports a
    /// disposed service provider instead of the error.)
    /// </summary>
    private static ServiceProvider ProviderWith(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        return new ServiceCollection().AddComparisons(configuration).BuildServiceProvider();
    }
}
