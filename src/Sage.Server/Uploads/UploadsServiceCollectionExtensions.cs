using Sage.Server.Uploads;

// In the root namespace so Program.cs needs no extra using.
namespace Sage.Server;

public static class UploadsServiceCollectionExtensions
{
    /// <summary>The form upload's ingest and the upload metrics (tus has AddTus of its own).</summary>
    public static IServiceCollection AddUploads(this IServiceCollection services)
    {
        services.AddSingleton<VideoIngest>();
        services.AddSingleton<UploadMetrics>();
        return services;
    }
}
