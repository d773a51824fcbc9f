using System.Text.Json;

namespace Sage.Cli.Tests;

/// <summary>The compare output is stable: golden files beside the tests; SAGE_UPDATE_GOLDEN=1 rewrites them.</summary>
public sealed class ComparisonOutputTests
{
    private static readonly string Golden = Path.Combine(SourceDirectory(), "Golden");

    [Theory]
    [InlineData("json")]
    [InlineData("csv")]
    [InlineData("table")]
    public void Output_Matches_The_Golden_File(string format)
    {
        var response = JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(Path.Combine(Golden, "comparison-response.json")));
        var actual = ComparisonOutput.Write(response, format).ReplaceLineEndings("\n");
        var golden = Path.Combine(Golden, "compare." + format + ".txt");
        if (Environment.GetEnvironmentVariable("SAGE_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, actual);
        }

        Assert.Equal(File.ReadAllText(golden), actual);
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
