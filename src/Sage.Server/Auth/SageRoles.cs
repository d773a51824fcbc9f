namespace Sage.Server.Auth;

/// <summary>The three roles and the policy of the same name for each; a higher role includes the lower ones.</summary>
public static class SageRoles
{
    public const string Viewer = "viewer";
    public const string Uploader = "uploader";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Uploader, Admin];

    public static bool IsKnown(string? role) => role is Viewer or Uploader or Admin;

    /// <summary>The roles that satisfy the policy named <paramref name="policy"/>.</summary>
    public static string[] Satisfying(string policy) => policy switch
    {
        Viewer => [Viewer, Uploader, Admin],
        Uploader => [Uploader, Admin],
        _ => [Admin],
    };
}
