using Amazon.Runtime;

namespace Sage.Storage;

/// <summary>Whether a failure means the store could not be reached or did not answer in time (HTTP 503).</summary>
public static class StoreUnavailable
{
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AmazonServiceException service when (int)service.StatusCode >= 500:
                case AmazonServiceException { StatusCode: 0 }:
                case HttpRequestException:
                case TimeoutException:
                case System.Net.Sockets.SocketException:
                    return true;
            }
        }

        return false;
    }
}
