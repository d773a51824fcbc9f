using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Sage.Core.Comparison;

namespace Sage.Server.Comparisons;

/// <summary>The <c>Sage:Comparisons</c> section: what a comparison uses when the request leaves it out.</summary>
public sealed class ComparisonsOptions
{
    public const string SectionName = "Sage:Comparisons";

    /// <summary>The value of <see cref="DefaultThresholds"/> that means "derive it from the pair" (<see cref="AutoThreshold"/>).</summary>
    public const string Automatic = "auto";

    /// <summary>
    /// Threshold per engine when the request gives none: a cosine distance in (0, 2], or <c>auto</c>. An engine not
    /// listed gets <c>auto</c>.
    /// </summary>
    /// <remarks>
    /// local = auto comes from the evaluation harness (bench/Sage.Bench.Evaluation, bench/README-evaluation.md): on
    /// 18 edited pairs and 4 controls (60 kb/s re-encodes, 160x120 and 640x480 rescales), the automatic threshold
    /// scored F1 0.971 in aligned mode with no false region on the controls, while the best fixed threshold with no
    /// false region on the controls (0.15–0.25) scored 0.839: re-encoding noise in ResNet18 features (up to 0.30
    /// visual distance at 60 kb/s) is larger than a text overlay or a colour grade (0.03–0.15), so no single number
    /// separates them, but noise is spread over the whole video and an edit is not, which the per-pair median + 5·MAD
    /// rule sees. twelvelabs = auto because there is no TwelveLabs material to evaluate here; the original SAGE used
    /// 0.1 with Marengo 2.7 (0.05 in its UI), which can still be asked for per request.
    /// </remarks>
    public Dictionary<string, string> DefaultThresholds { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["local"] = Automatic,
        ["twelvelabs"] = Automatic,
    };

    /// <summary>Pairing when the request gives none: <c>Aligned</c> (default) or <c>Index</c> (the original's).</summary>
    [EnumDataType(typeof(ComparisonMode))]
    public ComparisonMode DefaultMode { get; set; } = ComparisonMode.Aligned;

    /// <summary>The default threshold for <paramref name="engine"/>; <see langword="null"/> for automatic.</summary>
    public double? DefaultThresholdFor(string engine) =>
        DefaultThresholds.TryGetValue(engine, out var value) && TryParseThreshold(value, out var threshold) ? threshold : null;

    /// <summary>Every threshold is <c>auto</c> or a number in (0, 2].</summary>
    public bool HasValidThresholds() => DefaultThresholds.Values.All(v => TryParseThreshold(v, out _));

    private static bool TryParseThreshold(string? value, out double? threshold)
    {
        threshold = null;
        if (string.IsNullOrWhiteSpace(value) || string.Equals(value.Trim(), Automatic, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && number > 0 && number <= 2)
        {
            threshold = number;
            return true;
        }

        return false;
    }
}
