namespace Sage.Server.Comparisons;

public static class ComparisonsServiceCollectionExtensions
{
    /// <summary><see cref="ComparisonsOptions"/> (validated at start-up), the store and the service behind the comparison routes.</summary>
    public static IServiceCollection AddComparisons(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ComparisonsOptions>()
            .Bind(configuration.GetSection(ComparisonsOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.HasValidThresholds(), "Sage:Comparisons:DefaultThresholds: each value must be 'auto' or a cosine distance greater than 0 and at most 2.")
            .ValidateOnStart();
        services.AddSingleton<ComparisonStore>();
        services.AddSingleton<VideoComparisons>();
        services.AddSingleton<ComparisonMetrics>();
        services.AddSingleton<DifferenceImages>();
        return services;
    }
}
