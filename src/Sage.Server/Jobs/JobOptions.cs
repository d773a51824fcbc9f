using System.ComponentModel.DataAnnotations;

namespace Sage.Server.Jobs;

/// <summary>The <c>Sage:Jobs</c> section: how the background worker runs processing steps.</summary>
public sealed class JobOptions : IValidatableObject
{
    /// <summary>The most jobs of one engine at the same time.</summary>
    public const int MaxEngineConcurrency = 64;

    public const string SectionName = "Sage:Jobs";

    /// <summary>How long a claimed job stays ours without renewal; after a crash it is claimable again this much later.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the worker looks for work when nothing woke it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Probe and thumbnail steps run at the same time.</summary>
    [Range(1, 16)]
    public int MediaConcurrency { get; set; } = 2;

    /// <summary>Fingerprint steps (a whole decode each) run at the same time.</summary>
    [Range(1, 16)]
    public int FingerprintConcurrency { get; set; } = 1;

    /// <summary>Proxy transcodes (x264 uses every core it has) at the same time.</summary>
    [Range(1, 16)]
    public int ProxyConcurrency { get; set; } = 1;

    /// <summary>
    /// Embedding jobs at the same time, per engine (1 to <see cref="MaxEngineConcurrency"/>). Engines not listed get 1.
    /// The local engine's own limit (<c>Sage:LocalEngine:MaxConcurrentJobs</c>) follows the "local" entry.
    /// </summary>
    public Dictionary<string, int> EngineConcurrency { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["local"] = 1,
        ["twelvelabs"] = 4,
    };

    /// <summary>Times a job may be started (a crash mid-job counts) before it is failed for good.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (engine, concurrency) in EngineConcurrency)
        {
            if (concurrency is < 1 or > MaxEngineConcurrency)
            {
                yield return new ValidationResult(
                    $"EngineConcurrency:{engine} is {concurrency}; it must be 1 to {MaxEngineConcurrency} jobs at once.", [nameof(EngineConcurrency)]);
            }
        }
    }
}
