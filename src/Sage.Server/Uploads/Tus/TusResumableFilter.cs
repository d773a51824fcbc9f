namespace Sage.Server.Uploads.Tus;

/// <summary>
/// Every tus request must say <c>Tus-Resumable: 1.0.0</c> (else 412 with Tus-Version), and every
/// answer says it back, errors that escape a handler included.
/// </summary>
public sealed class TusResumableFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        http.Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            response.Headers[TusHeaders.TusResumable] = TusHeaders.Version;
            return Task.CompletedTask;
        }, http.Response);

        if (http.Request.Headers[TusHeaders.TusResumable] != TusHeaders.Version)
        {
            return TusResponse.Problem(StatusCodes.Status412PreconditionFailed, "Unsupported tus version", $"This server speaks tus {TusHeaders.Version}; send Tus-Resumable: {TusHeaders.Version}.")
                .Header(TusHeaders.TusVersion, TusHeaders.Version);
        }

        return await next(context).ConfigureAwait(false);
    }
}
