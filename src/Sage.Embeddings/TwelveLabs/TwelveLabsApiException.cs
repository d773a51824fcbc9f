using System.Net;

namespace Sage.Embeddings.TwelveLabs;

/// <summary>TwelveLabs refused a request (a 4xx other than 401, or a 5xx/429 that outlasted the retries).</summary>
public sealed class TwelveLabsApiException : TwelveLabsException
{
    public TwelveLabsApiException()
    {
    }

    public TwelveLabsApiException(string message)
        : base(message)
    {
    }

    public TwelveLabsApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HttpStatusCode StatusCode { get; init; }

    /// <summary>TwelveLabs' error code, e.g. "parameter_invalid", "video_duration_too_short"; null when the body had none.</summary>
    public string? Code { get; init; }

    public override bool IsRetryable => TwelveLabsRetryPolicy.IsRetryable(StatusCode);
}
