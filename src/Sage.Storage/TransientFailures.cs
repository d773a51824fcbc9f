using System.Net;
using Amazon.Runtime;

namespace Sage.Storage;

/// <summary>Which failures are worth another attempt: the network, the server, throttling; never a 4xx that will fail again.</summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AmazonServiceException service when service.StatusCode != 0:
                    var status = (int)service.StatusCode;
                    return status >= 500 || service.StatusCode == HttpStatusCode.TooManyRequests
                        || service.StatusCode == HttpStatusCode.RequestTimeout
                        || service.ErrorCode is "SlowDown" or "RequestTimeout" or "Throttling" or "ThrottlingException" or "InternalError";
                case HttpRequestException http when http.StatusCode is { } code:
                    return (int)code >= 500 || code is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
                case HttpRequestException:
                case IOException and not FileNotFoundException and not DirectoryNotFoundException:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }
}
