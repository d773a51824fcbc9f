using Sage.Cli;

namespace Sage.Cli.Tests;

public sealed class CliSettingsTests
{
    [Fact]
    public void Server_Option_Wins_Over_SAGE_URL()
    {
        var settings = CliSettings.Resolve("http://127.0.0.1:9000", Env(("SAGE_URL", "http://127.0.0.1:7000")));
        Assert.Equal(new Uri("http://127.0.0.1:9000/"), settings.Server);
    }

    [Fact]
    public void SAGE_URL_Wins_Over_The_Default_And_SAGE_TOKEN_Is_Read()
    {
        var settings = CliSettings.Resolve(null, Env(("SAGE_URL", "http://example.test:7000/base"), ("SAGE_TOKEN", "secret")));
        Assert.Equal(new Uri("http://example.test:7000/base/"), settings.Server);
        Assert.Equal("secret", settings.Token);
    }

    [Fact]
    public void Default_Is_Port_8000_And_State_Under_Config_Sage()
    {
        var settings = CliSettings.Resolve(null, Env(("HOME", "/home/someone")));
        Assert.Equal(new Uri("http://127.0.0.1:8000/"), settings.Server);
        Assert.Null(settings.Token);
        Assert.Equal("/home/someone/.config/sage", settings.StateDirectory);
    }

    [Fact]
    public void A_Server_That_Is_Not_Http_Is_A_Usage_Error()
    {
        Assert.Throws<UsageException>(() => CliSettings.Resolve("ftp://x", Env()));
    }

    private static Func<string, string?> Env(params (string Key, string Value)[] values) =>
        key => values.FirstOrDefault(v => v.Key == key).Value;
}
