using System.ComponentModel.DataAnnotations;
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
        var error = Assert.Throws<OptionsValidationException>(() => RegisteredOptions.Resolve<TusOptions>((services, configuration) => services.AddTus(configuration), key, value));
        Assert.Contains(key.Split(':')[2], error.Message, StringComparison.Ordinal);
    }
}
