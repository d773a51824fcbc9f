namespace Sage.Cli;

/// <summary>
/// Where a command writes, and what it may assume about it: progress bars and colour only on a
/// terminal, plain lines otherwise. Tests give their own writers and environment.
/// </summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool IsTerminal, Func<string, string?> Environment)
{
    public static CliConsole FromProcess() => new(
        Console.Out,
        Console.Error,
        !Console.IsOutputRedirected && System.Environment.GetEnvironmentVariable("NO_COLOR") is null && System.Environment.GetEnvironmentVariable("TERM") != "dumb",
        System.Environment.GetEnvironmentVariable);
}
