using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sage.Server.Uploads.Tus;

namespace Sage.Server.Tests.Tus;

/// <summary>Sage:Uploads: validated at start-up (ValidateOnStart resolves them as these tests do).</summary>
public sealed class TusOptionsTests
{
    [Fact]
    public void The_Defaults_Are_Valid()
    {
        var options = new TusOptions();

        Assert.Empty(options.Validate(new ValidationContext(options)));
        Assert.Equal(TimeSpan.FromDays(7), options.EndedRetention);
    }

    [Theory]
    [InlineData("Sage:Uploads:EndedRetention", "00:00:00")]
    [InlineData("Sage:Uploads:EndedRetention", "-1.00:00:00")]
    [InlineData("Sage:Uploads:CorsOrigins:0", "*")]
    [InlineData("Sage:Uploads:CorsOrigins:0", "https://app.example.com/path")]
    public void Invalid_Settings_Are_Refused(string key, string value)
    {
        // The server's own registration; resolving the options is what start-up validation does.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var services = new ServiceCollection().AddTus(configuration);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TusOptions>>().Value);
        Assert.Contains(key.Split(':')[2], error.Message, StringComparison.Ordinal);
    }
}
