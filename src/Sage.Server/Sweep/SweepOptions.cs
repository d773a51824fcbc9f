using System.ComponentModel.DataAnnotations;

namespace Sage.Server.Sweep;

/// <summary>The <c>Sage:Sweep</c> section: how old an orphan must be before it is removed, and how often to look.</summary>
public sealed class SweepOptions
{
    public const string SectionName = "Sage:Sweep";

    /// <summary>
    /// Left alone until it was last written this long ago (default 24 h): a multipart upload or a file whose owner died
    /// must be older than this. Live uploads are never swept, whatever their age; the age covers what no one can vouch for
    /// (an upload just created, or one run by another process on the same bucket).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan MinAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the sweep runs after the one at start-up (default 1 h).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
