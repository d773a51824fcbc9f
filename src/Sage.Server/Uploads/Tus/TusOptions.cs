using System.ComponentModel.DataAnnotations;

namespace Sage.Server.Uploads.Tus;

/// <summary>The <c>Sage:Uploads</c> section: resumable (tus) uploads at /api/uploads.</summary>
public sealed class TusOptions : IValidatableObject
{
    public const string SectionName = "Sage:Uploads";

    /// <summary>An upload with no activity for this long expires and its stored parts are removed (default 24 h).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan Expiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the background cleanup looks for expired uploads (default 1 min).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Browser origins (scheme://host[:port]) allowed to upload from another site, e.g. "https://app.example.com".
    /// Empty (the default): same origin only.
    /// </summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>How long a PATCH waits for the request it takes over from (one whose client has gone) to let go (default 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan TakeOverTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an ended upload (terminated, expired or failed) is remembered, answering 410 with its reason;
    /// after that its row is removed and the upload is unknown (404). Default 7 days.
    /// </summary>
    public TimeSpan EndedRetention { get; set; } = TimeSpan.FromDays(7);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EndedRetention <= TimeSpan.Zero)
        {
            yield return new ValidationResult("EndedRetention must be positive.", [nameof(EndedRetention)]);
        }

        foreach (var origin in CorsOrigins)
        {
            if (origin == "*")
            {
                yield return new ValidationResult("CorsOrigins may not be '*': list the origins that may upload.", [nameof(CorsOrigins)]);
            }
            else if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) ||
                     (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) ||
                     uri.AbsolutePath != "/" || origin.EndsWith('/'))
            {
                yield return new ValidationResult($"CorsOrigins entry '{origin}' is not an origin like https://app.example.com.", [nameof(CorsOrigins)]);
            }
        }
    }
}
