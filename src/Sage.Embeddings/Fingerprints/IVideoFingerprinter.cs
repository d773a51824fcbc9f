using Sage.Core.Fingerprints;
using Sage.Media;

namespace Sage.Embeddings.Fingerprints;

/// <summary>
/// Computes a video's frame-level fingerprint on its own decode: for videos whose embedding engine does not compute
/// it in its own decode (the local engine does), and for videos that were in the library before fingerprints.
/// </summary>
public interface IVideoFingerprinter
{
    /// <summary>Decodes <paramref name="input"/> (a local path or an http(s) URL) once and fingerprints picture and sound. Cancelling kills ffmpeg.</summary>
    Task<VideoFingerprint> FingerprintAsync(string input, VideoProbe probe, IProgress<double>? progress, CancellationToken cancellationToken);
}
