using System.Globalization;
using System.Text;

namespace Sage.Server.Comparisons;

/// <summary>A comparison's regions as CSV: one row per region, one distance column per option.</summary>
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

        csv.Append(",label\r\n");
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

            csv.Append(',').Append(Field(region.Label ?? "")).Append("\r\n");
        }

        return csv.ToString();
    }

    private static string Number(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture) ?? "";

    /// <summary>RFC 4180 quoting, only when needed.</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
