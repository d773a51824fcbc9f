namespace Sage.Cli;

/// <summary>Where the server is, how to authenticate, and where resumable state lives.</summary>
public sealed record CliSettings(Uri Server, string? Token, string StateDirectory)
{
    public static readonly Uri DefaultServer = new("http://127.0.0.1:8000/");

    /// <summary>--server wins over SAGE_URL, which wins over the default.</summary>
    public static CliSettings Resolve(string? serverOption, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var text = serverOption ?? environment("SAGE_URL");
        var server = DefaultServer;
        if (!string.IsNullOrWhiteSpace(text))
        {
            if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var parsed) ||
                (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
            {
                throw new UsageException($"The server address \"{text}\" is not an http(s) URL.");
            }

            server = parsed;
        }

        var token = environment("SAGE_TOKEN");
        return new CliSettings(server, string.IsNullOrWhiteSpace(token) ? null : token, StateDirectoryFrom(environment));
    }

    /// <summary>~/.config/sage (XDG_CONFIG_HOME respected); SAGE_STATE_DIR overrides it, for tests and CI.</summary>
    private static string StateDirectoryFrom(Func<string, string?> environment)
    {
        if (environment("SAGE_STATE_DIR") is { Length: > 0 } explicitDirectory)
        {
            return explicitDirectory;
        }

        var config = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "sage");
    }
}
