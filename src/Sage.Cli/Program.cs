namespace Sage.Cli;

/// <summary>The entry point; named so it does not clash with the server's Program in the tests.</summary>
internal static class SageProgram
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        return await SageCli.RunAsync(args, CliConsole.FromProcess(), cancel.Token).ConfigureAwait(false);
    }
}
