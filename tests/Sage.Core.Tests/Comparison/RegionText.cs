using System.Globalization;
using Sage.Core.Comparison;

namespace Sage.Core.Tests.Comparison;

/// <summary>Regions as short text ("Inserted A100-100 B100-106") so a test states the whole expected answer.</summary>
internal static class RegionText
{
    public static string[] Of(ComparisonResult result) =>
        result.Regions.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Kind} A{r.AStart:0.##}-{r.AEnd:0.##} B{r.BStart:0.##}-{r.BEnd:0.##}")).ToArray();
}
