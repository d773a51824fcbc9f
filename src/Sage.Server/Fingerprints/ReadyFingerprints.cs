using Sage.Core.Fingerprints;

namespace Sage.Server.Fingerprints;

/// <summary>A video's fingerprint for a comparison: only a ready one of this version, read from its object.</summary>
public sealed class ReadyFingerprints(FingerprintCatalog catalog, FingerprintObjects objects)
{
    /// <summary>The fingerprint, or null when it is not ready, of another version, or its object is missing or unreadable (the comparison then has clip precision).</summary>
    public async Task<VideoFingerprint?> FindAsync(Guid videoId, CancellationToken cancellationToken)
    {
        var state = await catalog.FindAsync(videoId, cancellationToken).ConfigureAwait(false);
        return state is { IsCurrent: true, ObjectKey: { } key } ? await objects.LoadAsync(key, cancellationToken).ConfigureAwait(false) : null;
    }
}
