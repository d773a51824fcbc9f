using System.ComponentModel.DataAnnotations;

namespace Sage.Server.Proxies;

/// <summary><c>Sage:Proxies</c>: when a video gets a web-playable rendition, and how it is made.</summary>
public sealed class ProxyOptions
{
    public const string SectionName = "Sage:Proxies";

    /// <summary><c>auto</c>: only videos that do not play in every browser (BrowserPlayability); <c>always</c>; <c>never</c>.</summary>
    [Required]
    [RegularExpression("^(auto|always|never)$", ErrorMessage = "Sage:Proxies:Mode must be auto, always or never.")]
    public string Mode { get; set; } = ProxyMode.Auto;

    /// <summary>The proxy's height cap in lines; smaller videos keep their height.</summary>
    [Range(144, 2160)]
    public int MaxHeight { get; set; } = 720;

    /// <summary>x264 constant rate factor: lower is better and bigger.</summary>
    [Range(0, 51)]
    public int Crf { get; set; } = 23;

    /// <summary>x264 preset, trading speed for size at the same quality.</summary>
    [Required]
    [RegularExpression("^(ultrafast|superfast|veryfast|faster|fast|medium|slow|slower|veryslow)$")]
    public string Preset { get; set; } = "veryfast";
}

public static class ProxyMode
{
    public const string Auto = "auto";
    public const string Always = "always";
    public const string Never = "never";
}
