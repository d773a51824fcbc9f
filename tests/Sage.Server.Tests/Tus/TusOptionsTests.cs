using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Sage.Server.Uploads.Tus;

namespace Sage.Server.Tests.Tus;

/// <summary>Sage:Uploads: validated at start-up.</summary>
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
    public void The_Server_Does_Not_Start_With_Invalid_Settings(string key, string value)
    {
        using var server = new SageServerFactory(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => server.CreateHttpClient());
        Assert.True(error is OptionsValidationException, error.ToString());
    }
}
