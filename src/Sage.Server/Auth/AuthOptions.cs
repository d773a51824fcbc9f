namespace Sage.Server.Auth;

public enum AuthMode
{
    None,
    Token,
}

/// <summary>The <c>Sage:Auth</c> section.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Sage:Auth";

    /// <summary><c>None</c> (everyone is admin; only allowed on loopback) or <c>Token</c>.</summary>
    public AuthMode Mode { get; set; } = AuthMode.None;

    /// <summary>Lets <c>None</c> listen on a non-loopback address. Off by default.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>An admin token accepted without being in the database; falls back to <c>SAGE_ADMIN_TOKEN</c>.</summary>
    public string? BootstrapToken { get; set; }
}
