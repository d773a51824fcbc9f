using System.ComponentModel.DataAnnotations;
using Sage.Core.Embeddings;

namespace Sage.Embeddings.TwelveLabs;

/// <summary>Settings of the TwelveLabs engine (configuration section "Sage:TwelveLabs").</summary>
public sealed class TwelveLabsOptions : IValidatableObject
{
    public const string SectionName = "Sage:TwelveLabs";
    public const string DefaultBaseUrl = "https://api.twelvelabs.io/v1.3";

    /// <summary>The environment variable the official SDKs read for the host; used when <see cref="BaseUrl"/> is not set.</summary>
    public const string BaseUrlEnvironmentVariable = "TWELVELABS_BASE_URL";

    /// <summary>The API root, version included. Empty: TWELVELABS_BASE_URL, else <see cref="DefaultBaseUrl"/>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Auto (v2 for URLs, v1 for local files), V1 or V2.</summary>
    public TwelveLabsApi Api { get; set; } = TwelveLabsApi.Auto;

    /// <summary>"marengo3.0" (512-d) or "Marengo-retrieval-2.7" (1024-d, v1 only). "marengo3.5" is refused by name.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Model { get; set; } = MarengoModel.Marengo30;

    /// <summary>
    /// The clip length the server puts into a TwelveLabs request when the user chose none. The engine
    /// itself uses <see cref="EmbeddingRequest.ClipLengthSeconds"/>.
    /// </summary>
    [Range(EmbeddingRequest.MinClipLengthSeconds, EmbeddingRequest.MaxClipLengthSeconds)]
    public double ClipLengthSeconds { get; set; } = EmbeddingRequest.DefaultClipLengthSeconds;

    /// <summary>Scopes asked for ("clip", "video"). Empty: both. "clip" is always needed for comparisons.</summary>
    public string[]? Scopes { get; set; }

    /// <summary>Seconds between two status polls (fractions allowed, for tests).</summary>
    [Range(0.01, 600)]
    public double PollIntervalSeconds { get; set; } = 5;

    /// <summary>How long one video may take from create to result before the engine gives up.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "2.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Per-request limit of the small JSON calls (not of a file upload, which only the overall timeout bounds).</summary>
    [Range(1, 3600)]
    public double RequestTimeoutSeconds { get; set; } = 100;

    /// <summary>Retries of one call after 429, 408, 5xx or a network error.</summary>
    [Range(0, 50)]
    public int MaxRetries { get; set; } = 6;

    /// <summary>First backoff delay when the answer names none; doubles each retry, with jitter.</summary>
    [Range(0.001, 600)]
    public double RetryBaseDelaySeconds { get; set; } = 1;

    /// <summary>
    /// The longest single wait between retries. A 429 whose reset is further away is not retried at all:
    /// it raises <see cref="TwelveLabsFailure.RateLimited"/> so the job can wait for the reset elsewhere.
    /// </summary>
    [Range(0.001, 3600)]
    public double MaxRetryDelaySeconds { get; set; } = 60;

    /// <summary>
    /// The API for one video: <see cref="Api"/> unless Auto, which picks v2 for a URL and v1 for a local
    /// file (and v1 for Marengo-retrieval-2.7, which v2 does not serve).
    /// </summary>
    public TwelveLabsApi ApiFor(bool sourceIsUrl) => Api switch
    {
        TwelveLabsApi.Auto => sourceIsUrl && !string.Equals(Model, MarengoModel.Marengo27, StringComparison.OrdinalIgnoreCase) ? TwelveLabsApi.V2 : TwelveLabsApi.V1,
        _ => Api,
    };

    /// <summary>The scopes in effect.</summary>
    public IReadOnlyList<string> EffectiveScopes =>
        Scopes is { Length: > 0 } ? Scopes.Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToArray() : [EmbeddingScope.Clip, EmbeddingScope.Video];

    public TimeSpan PollInterval => TimeSpan.FromSeconds(PollIntervalSeconds);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(BaseUrl)
            || !Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"Sage:TwelveLabs:BaseUrl must be an absolute http(s) URL (got '{BaseUrl}').", [nameof(BaseUrl)]);
        }

        foreach (var scope in EffectiveScopes)
        {
            if (scope is not (EmbeddingScope.Clip or EmbeddingScope.Video))
            {
                yield return new ValidationResult($"Sage:TwelveLabs:Scopes: '{scope}' is not a scope (use 'clip' and/or 'video').", [nameof(Scopes)]);
            }
        }

        if (!EffectiveScopes.Contains(EmbeddingScope.Clip))
        {
            yield return new ValidationResult("Sage:TwelveLabs:Scopes must include 'clip': comparisons are made of clips.", [nameof(Scopes)]);
        }

        if (MarengoModel.Refusal(Model) is { } refusal)
        {
            yield return new ValidationResult(refusal, [nameof(Model)]);
        }

        if (Api == TwelveLabsApi.V2 && string.Equals(Model, MarengoModel.Marengo27, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult("Sage:TwelveLabs: the Embed API v2 only serves marengo3.0; use Api=V1 for Marengo-retrieval-2.7.", [nameof(Api), nameof(Model)]);
        }
    }
}
