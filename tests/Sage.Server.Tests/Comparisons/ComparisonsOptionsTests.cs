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
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(key, value));
        Assert.Contains("DefaultThresholds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Mode_That_Does_Not_Exist_Is_Refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Resolve("Sage:Comparisons:DefaultMode", "fuzzy"));
        Assert.Contains("DefaultMode", error.Message, StringComparison.Ordinal);
    }

    private static ComparisonsOptions Resolve(string key, string value) =>
        RegisteredOptions.Resolve<ComparisonsOptions>((services, configuration) => services.AddComparisons(configuration), key, value);
}
