using System.CommandLine;

namespace Sage.Cli;

/// <summary>The `sage` command tree. Each command parses, calls one service, and maps the outcome to an exit code.</summary>
public static class SageCli
{
    public static readonly Option<string?> ServerOption = new("--server")
    {
        Description = "The SAGE server (default: $SAGE_URL, or http://127.0.0.1:8000).",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        var root = new RootCommand("SAGE: upload videos, compare versions, gate a delivery on what differs.");
        root.Add(ServerOption);
        Commands.AddAll(root, console);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            }

            return ExitCodes.UsageError;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException usage)
        {
            await console.Error.WriteLineAsync(usage.Message).ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
    }
}
