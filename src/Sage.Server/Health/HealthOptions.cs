using System.ComponentModel.DataAnnotations;

namespace Sage.Server.Health;

/// <summary>The <c>Sage:Health</c> section.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Sage:Health";

    /// <summary>Readiness fails when the data directory's file system has less free space than this (default 1 GiB).</summary>
    [Range(0, long.MaxValue)]
    public long MinFreeDiskBytes { get; set; } = 1024L * 1024 * 1024;
}
