namespace Sage.Server.Sweep;

public static class SweepServiceCollectionExtensions
{
    /// <summary>The orphan sweep: the <c>Sage:Sweep</c> options (validated at start-up), its meter, and the pass at start-up and every interval.</summary>
    public static IServiceCollection AddSweep(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SweepOptions>()
            .Bind(configuration.GetSection(SweepOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SweepMetrics>();
        services.AddSingleton<OrphanSweeper>();
        services.AddHostedService<SweepService>();
        return services;
    }
}
