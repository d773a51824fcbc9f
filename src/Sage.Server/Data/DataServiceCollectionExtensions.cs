namespace Sage.Server.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>The SQLite database, with its schema migrated before the server starts listening.</summary>
    public static IServiceCollection AddSageData(this IServiceCollection services)
    {
        DapperTypeHandlers.Register();
        services.AddSingleton<SageDatabase>();
        services.AddHostedService<DatabaseMigrator>();
        return services;
    }
}
