namespace Sage.Server;

/// <summary>The server's own options; each feature's registrations live in its folder (AddVideos, AddJobs, …).</summary>
public static class SageServiceCollectionExtensions
{
    /// <summary>The <c>Sage</c> section, validated before the server starts, and the data directory created.</summary>
    public static IServiceCollection AddSageOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SageOptions>()
            .BindConfiguration(SageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart()
            .PostConfigure(options => Directory.CreateDirectory(options.DataDirectoryFullPath));
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
