using Sage.Testing.Fauxqs;

namespace Sage.Storage.Tests;

/// <summary>One fauxqs for every S3 test class in the "fauxqs" collection.</summary>
public sealed class FauxqsFixture : IAsyncLifetime
{
    public const string BucketName = "sage-storage-tests";

    private FauxqsServer? _server;

    public FauxqsServer Server => _server ?? throw new InvalidOperationException("fauxqs is not running.");

    public async Task InitializeAsync() => _server = await FauxqsServer.StartAsync([BucketName]);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FauxqsCollectionDefinition : ICollectionFixture<FauxqsFixture>
{
    public const string Name = "fauxqs";
}
