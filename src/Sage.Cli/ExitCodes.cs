namespace Sage.Cli;

/// <summary>The exit codes a pipeline can rely on.</summary>
public static class ExitCodes
{
    /// <summary>Done; for compare, identical within the rules.</summary>
    public const int Success = 0;

    /// <summary>compare found differences the rules count.</summary>
    public const int DifferencesFound = 1;

    /// <summary>The command line or a local file was wrong.</summary>
    public const int UsageError = 2;

    /// <summary>The server refused or failed, or the network did.</summary>
    public const int ServerError = 3;
}
