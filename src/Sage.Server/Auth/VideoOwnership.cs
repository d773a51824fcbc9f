using System.Security.Claims;
using Sage.Server.Videos;

namespace Sage.Server.Auth;

/// <summary>
/// Who uploaded a video, and who may therefore remove it: an admin may delete any video, an uploader only the ones its
/// own token uploaded. A video from before owners were recorded has none, so only an admin may delete it.
/// </summary>
public static class VideoOwnership
{
    /// <summary>The id of the token behind a request (the bootstrap id for the bootstrap token and for Mode=None).</summary>
    public static string? TokenId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(TokenAuthenticationHandler.TokenIdClaim);
    }

    public static bool MayDelete(ClaimsPrincipal user, Video video)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(video);
        return user.IsInRole(SageRoles.Admin) ||
            (video.OwnerTokenId is { } owner && string.Equals(owner, user.TokenId(), StringComparison.Ordinal));
    }
}
