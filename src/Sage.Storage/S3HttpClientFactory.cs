using Amazon.Runtime;

namespace Sage.Storage;

/// <summary>
/// Gives the S3 client an <see cref="HttpClient"/> over a handler of our choosing: a fault-injecting
/// <see cref="DelegatingHandler"/> in tests, a proxy or tuned <see cref="SocketsHttpHandler"/> in production.
/// One client is made lazily and shared by every request of the store.
/// </summary>
public sealed class S3HttpClientFactory(Func<HttpMessageHandler> createHandler) : HttpClientFactory
{
    private readonly Lazy<HttpMessageHandler> _handler = new(createHandler);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);

        // Not disposing the handler: it is shared by the store's clients and lives as long as the process.
        return new HttpClient(_handler.Value, disposeHandler: false)
        {
            Timeout = clientConfig.Timeout ?? TimeSpan.FromMinutes(5),
        };
    }

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public override string GetConfigUniqueString(IClientConfig clientConfig) =>
        "sage-" + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
