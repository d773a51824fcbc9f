using System.ComponentModel.DataAnnotations;

namespace Sage.Server.Telemetry;

/// <summary>The <c>Sage:Metrics</c> section: where the Prometheus scrape endpoint answers.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Sage:Metrics";

    /// <summary>Serve <c>/metrics</c> at all (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A port of its own for <c>/metrics</c> (then only there, e.g. for a scraper on a private network). Unset: on the
    /// server's own addresses, for admins once authentication is on.
    /// </summary>
    [Range(1, 65535)]
    public int? Port { get; set; }

    /// <summary>The address the metrics port listens on (default 127.0.0.1; "0.0.0.0" for every interface).</summary>
    public string Host { get; set; } = "127.0.0.1";
}
