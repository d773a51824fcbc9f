using Microsoft.AspNetCore.Diagnostics;

namespace Sage.Server.Infrastructure;

/// <summary>
/// The last line: whatever escapes a handler becomes problem+json. Bad requests keep their own
/// status (the original turned them into 500s); a client that has gone away is not an error.
/// </summary>
public sealed partial class UnhandledExceptionHandler(IProblemDetailsService problems, ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.RequestAborted.IsCancellationRequested)
        {
            LogClientGone(httpContext.Request.Method, httpContext.Request.Path);
            return true;
        }

        var (status, title) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            OperationCanceledException => (StatusCodes.Status503ServiceUnavailable, "The server is shutting down"),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error"),
        };
        if (status >= 500)
        {
            LogUnhandled(httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = title,
                Detail = status < 500 ? exception.Message : "The server could not complete the request; the log has the details.",
            },
        }).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    private partial void LogUnhandled(string method, PathString path, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Client went away during {Method} {Path}")]
    private partial void LogClientGone(string method, PathString path);
}
