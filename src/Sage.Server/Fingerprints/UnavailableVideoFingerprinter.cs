using Sage.Core.Fingerprints;
using Sage.Embeddings.Fingerprints;
using Sage.Media;
using Sage.Server.Jobs;

namespace Sage.Server.Fingerprints;

/// <summary>Stands in when no <see cref="IVideoFingerprinter"/> is registered: the step fails with a reason instead of the server not starting.</summary>
public sealed class UnavailableVideoFingerprinter : IVideoFingerprinter
{
    public Task<VideoFingerprint> FingerprintAsync(string input, VideoProbe probe, IProgress<double>? progress, CancellationToken cancellationToken) =>
        throw new PermanentJobException("No fingerprinter is available in this server.");
}
