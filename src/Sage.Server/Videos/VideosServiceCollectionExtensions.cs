using Sage.Server.Videos;

// In the root namespace so Program.cs needs no extra using.
namespace Sage.Server;

public static class VideosServiceCollectionExtensions
{
    public static IServiceCollection AddVideos(this IServiceCollection services)
    {
        services.AddSingleton<VideoCatalog>();
        services.AddSingleton<EmbeddingCatalog>();
        return services;
    }
}
