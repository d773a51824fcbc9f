using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sage.Server.Tests;

/// <summary>
/// Options as the server's own registration yields them from one setting: resolving them is what start-up
/// validation does. (Starting a whole host to see it fail is not reliable: WebApplicationFactory + Kestrel
/// sometimes reports a disposed service provider instead of the error.)
/// </summary>
public static class RegisteredOptions
{
    public static TOptions Resolve<TOptions>(Func<IServiceCollection, IConfiguration, IServiceCollection> register, string key, string value)
        where TOptions : class
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var provider = register(new ServiceCollection().AddSingleton<IConfiguration>(configuration), configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<TOptions>>().Value;
    }
}
