using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sage.Cli.Tests;

/// <summary>
/// src/Sage.Cli/openapi.json is the contract the client's types are generated from. It is the server's own
/// document; this fails when they drift. SAGE_UPDATE_CONTRACT=1 rewrites the snapshot from the running server.
/// </summary>
public sealed class ContractTests : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly SageServerFactory _server = new();

    [Fact]
    public async Task The_Committed_OpenApi_Snapshot_Matches_The_Servers_Document()
    {
        using var http = _server.CreateHttpClient();
        var live = Normalize(JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!);
        var snapshot = Path.Combine(RepoRoot(), "src", "Sage.Cli", "openapi.json");
        if (Environment.GetEnvironmentVariable("SAGE_UPDATE_CONTRACT") == "1")
        {
            await File.WriteAllTextAsync(snapshot, live + "\n");
        }

        Assert.True(File.Exists(snapshot), "No contract snapshot; run with SAGE_UPDATE_CONTRACT=1 to write it.");
        var committed = (await File.ReadAllTextAsync(snapshot)).TrimEnd('\n');
        Assert.True(committed == live, "The server's OpenAPI document changed: review it, then run `SAGE_UPDATE_CONTRACT=1 dotnet test tests/Sage.Cli.Tests --filter ContractTests` and commit src/Sage.Cli/openapi.json.");
    }

    /// <summary>The server's address varies per run; everything else is the contract.</summary>
    private static string Normalize(JsonNode document)
    {
        document.AsObject().Remove("servers");
        return document.ToJsonString(Indented).ReplaceLineEndings("\n");
    }

    private static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));

    public void Dispose() => _server.Dispose();
}
