using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;

namespace Sage.Server.Uploads.Tus;

/// <summary>
/// A tus answer. tus speaks in headers (Upload-Offset, Upload-Expires...), which typed results do
/// not carry, so this result sets them; an error also gets a problem+json body (except for HEAD).
/// </summary>
public sealed class TusResponse : IResult
{
    private readonly List<KeyValuePair<string, string>> _headers = [];
    private readonly int _statusCode;
    private readonly string? _title;
    private readonly string? _detail;
    private bool _noBody;

    private TusResponse(int statusCode, string? title = null, string? detail = null)
    {
        _statusCode = statusCode;
        _title = title;
        _detail = detail;
    }

    public int StatusCode => _statusCode;

    public static TusResponse Status(int statusCode) => new(statusCode);

    public static TusResponse Problem(int statusCode, string title, string detail) => new(statusCode, title, detail);

    /// <summary>The answer about an upload: its offset, length and expiry, and the video it became.</summary>
    public static TusResponse ForUpload(int statusCode, TusUpload upload) => new TusResponse(statusCode).WithUpload(upload);

    public TusResponse WithUpload(TusUpload upload)
    {
        if (upload.Status is TusUploadStatus.Active or TusUploadStatus.Completed)
        {
            Header(TusHeaders.UploadOffset, upload.UploadOffset.ToString(CultureInfo.InvariantCulture));
            if (upload.UploadLength is { } length)
            {
                Header(TusHeaders.UploadLength, length.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                Header(TusHeaders.UploadDeferLength, "1");
            }
        }

        if (upload.Status == TusUploadStatus.Active)
        {
            Header(TusHeaders.UploadExpires, upload.ExpiresAt.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture));
        }

        if (upload.Status == TusUploadStatus.Completed)
        {
            Header(TusHeaders.SageVideoId, upload.VideoId.ToString("D"));
        }

        if (upload.Status == TusUploadStatus.Failed && upload.Error is { } error)
        {
            UploadError(error);
        }

        return this;
    }

    /// <summary>HEAD's extras: the metadata as stored (re-encoded, never the raw header) and no caching.</summary>
    public TusResponse ForHead(TusUpload? upload)
    {
        if (upload is { Status: TusUploadStatus.Active or TusUploadStatus.Completed, Metadata.Length: > 0 })
        {
            Header(TusHeaders.UploadMetadata, upload.Metadata);
        }

        Header("Cache-Control", "no-store");
        _noBody = true;
        return this;
    }

    public TusResponse UploadError(string message) => Header(TusHeaders.SageUploadError, SanitizeAscii(message));

    public TusResponse Header(string name, string value)
    {
        _headers.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
        _headers.Add(new(name, value));
        return this;
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);

        // tus answers carry their meaning in headers; no status-code page bodies.
        if (httpContext.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        var response = httpContext.Response;
        foreach (var (name, value) in _headers)
        {
            response.Headers[name] = value;
        }

        if (_title is null || _noBody || HttpMethods.IsHead(httpContext.Request.Method))
        {
            response.StatusCode = _statusCode;
            return;
        }

        await TypedResults.Problem(statusCode: _statusCode, title: _title, detail: _detail).ExecuteAsync(httpContext).ConfigureAwait(false);
    }

    /// <summary>Printable ASCII only, at most 300 characters: fit for a header whatever the message held.</summary>
    public static string SanitizeAscii(string message)
    {
        var chars = message.Select(c => c is >= ' ' and <= '~' ? c : '?').Take(300).ToArray();
        return new string(chars);
    }
}
