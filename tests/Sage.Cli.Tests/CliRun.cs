using Sage.Cli;

namespace Sage.Cli.Tests;

/// <summary>Runs `sage` in process against a server, with its own state directory and captured output.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error);

public static class CliRun
{
    public static async Task<CliResult> RunAsync(Uri server, string stateDirectory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new Dictionary<string, string?> { ["SAGE_URL"] = server.ToString(), ["SAGE_STATE_DIR"] = stateDirectory };
        var code = await SageCli.RunAsync(args, new CliConsole(TextWriter.Synchronized(output), TextWriter.Synchronized(error), false, k => environment.GetValueOrDefault(k)), default);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
