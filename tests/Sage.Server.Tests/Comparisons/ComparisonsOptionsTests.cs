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
    [InlineData("Sage:Comparisons:DefaultMode", "fuzzy")]
    public void The_Server_Does_Not_Start_With_Invalid_Settings(string key, string value)
    {
        using var server = new SageServerFactory(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => server.CreateHttpClient());
        Assert.True(error is OptionsValidationException or InvalidOperationException, error.ToString());
    }
}
