namespace Sage.Server.Security;

internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Refused {Method} {Path} for the unknown host {Host}")]
    public static partial void HostRefused(ILogger logger, string host, string method, PathString path);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Refused the cross-site {Method} {Path} (Origin {Origin}, Sec-Fetch-Site {SecFetchSite})")]
    public static partial void CrossSiteRefused(ILogger logger, string method, PathString path, string origin, string secFetchSite);
}
