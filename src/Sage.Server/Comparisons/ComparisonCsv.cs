using System.Globalization;
using System.Text;

namespace Sage.Server.Comparisons;

/// <summary>
/// A comparison's regions as CSV: one row per region, one distance column per option, then the frame-precision
/// columns (empty where the comparison has clip precision). The one definition of the export; the UI downloads it.
/// Boxes are "x y width height" (0–1 of the frame) separated by ";".
/// </summary>
public static class ComparisonCsv
{
    public static string Write(ComparisonResponse comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var csv = new StringBuilder();
        csv.Append("kind,a_start,a_end,b_start,b_end,mean_distance,max_distance");
        foreach (var option in comparison.Options)
        {
            csv.Append(',').Append(Field(option.Replace('-', '_') + "_distance"));
        }

        csv.Append(",label,a_frame_start,a_frame_end,b_frame_start,b_frame_end,is_short,picture_differs,sound_differs,sound_change,peak_a,peak_b,boxes\r\n");
        foreach (var region in comparison.Regions)
        {
            csv.Append(region.Kind)
                .Append(',').Append(Number(region.AStart))
                .Append(',').Append(Number(region.AEnd))
                .Append(',').Append(Number(region.BStart))
                .Append(',').Append(Number(region.BEnd))
                .Append(',').Append(Number(region.MeanDistance))
                .Append(',').Append(Number(region.MaxDistance));
            foreach (var option in comparison.Options)
            {
                csv.Append(',').Append(Number(region.OptionDistances.TryGetValue(option, out var d) ? d : null));
            }

            var difference = region.Difference;
            csv.Append(',').Append(Field(region.Label ?? ""))
                .Append(',').Append(region.AFrames?.Start.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(region.AFrames?.End.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(region.BFrames?.Start.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(region.BFrames?.End.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(region.IsShort ? "true" : "false")
                .Append(',').Append(Flag(difference?.Picture))
                .Append(',').Append(Flag(difference?.Sound))
                .Append(',').Append(difference?.SoundChange)
                .Append(',').Append(Number(difference?.PeakA))
                .Append(',').Append(Number(difference?.PeakB))
                .Append(',').Append(difference is null ? "" : string.Join(';', difference.Boxes.Select(b => $"{Number(b.X)} {Number(b.Y)} {Number(b.Width)} {Number(b.Height)}")))
                .Append("\r\n");
        }

        return csv.ToString();
    }

    private static string Flag(bool? value) => value is { } v ? (v ? "true" : "false") : "";

    private static string Number(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture) ?? "";

    /// <summary>RFC 4180 quoting, only when needed.</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
