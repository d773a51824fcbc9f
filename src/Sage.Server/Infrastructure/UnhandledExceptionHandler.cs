using Microsoft.AspNetCore.Diagnostics;
using Sage.Storage;

namespace Sage.Server.Infrastructure;

/// <summary>
/// The last line: whatever escapes a handler becomes problem+json. Bad requests keep their own
/// status (the original turned them into 500s); a client that has gone away is not an error.
/// </summary>
public sealed partial class UnhandledExceptionHandler(IProblemDetailsService problems, ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    private const string RetryAfterSeconds = "30";
    private const string KestrelHttp = "Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.RequestAborted.IsCancellationRequested)
        {
            LogClientGone(httpContext.Request.Method, httpContext.Request.Path);
            return true;
        }

        var (status, title, detail) = exception switch
        {
            // Body readers (the JSON binder among them) wrap Kestrel's framing errors, such as a chunk size that overflows.
            _ when BadRequestIn(exception) is var (badStatus, badDetail) => (badStatus, "Bad request", badDetail),
            _ when InsufficientStorageException.IsDiskFull(exception) => (StatusCodes.Status507InsufficientStorage, "Insufficient storage",
                "The server has no room for the upload; what this request wrote has been freed. Try again later or with a smaller file."),
            _ when StoreUnavailable.Is(exception) => (StatusCodes.Status503ServiceUnavailable, "Storage unavailable",
                "The object store could not be reached or did not answer in time. Try again later."),
            OperationCanceledException => (StatusCodes.Status503ServiceUnavailable, "Service unavailable", "The request timed out or the server is shutting down. Try again later."),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error", "The server could not complete the request; the log has the details."),
        };
        if (status >= 500)
        {
            LogUnhandled(httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        httpContext.Response.StatusCode = status;
        if (status is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status507InsufficientStorage)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = title,
                Detail = detail,
            },
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The request's own fault anywhere in the chain: a <see cref="BadHttpRequestException"/>, or an IOException that
    /// Kestrel's HTTP/1.1 body reader throws for broken framing (a chunk size that overflows comes that way).
    /// </summary>
    private static (int Status, string Detail)? BadRequestIn(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException bad)
            {
                return (bad.StatusCode, bad.Message);
            }

            if (e is IOException && e.TargetSite?.DeclaringType?.FullName?.StartsWith(KestrelHttp, StringComparison.Ordinal) == true)
            {
                return (StatusCodes.Status400BadRequest, e.Message);
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    private partial void LogUnhandled(string method, PathString path, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Client went away during {Method} {Path}")]
    private partial void LogClientGone(string method, PathString path);
}
