using System.Net;

namespace Sage.Cli.Tus;

/// <summary>The server refused a tus request; Title and Detail come from its problem+json.</summary>
public sealed class TusException(HttpStatusCode status, string title, string? detail)
    : Exception(detail is null ? title : title + ": " + detail)
{
    public HttpStatusCode Status { get; } = status;

    public string Title { get; } = title;

    public string? Detail { get; } = detail;
}
