using Sage.Core.Fingerprints;

namespace Sage.Server.Fingerprints;

/// <summary>How a fingerprint is written to and read from its stored object.</summary>
/// <remarks>A seam of its own so the server's tests can run while <see cref="FingerprintCodec"/> is being written.</remarks>
public interface IFingerprintFormat
{
    void Write(VideoFingerprint fingerprint, Stream destination);

    /// <summary>Throws <see cref="InvalidDataException"/> for anything that is not a whole fingerprint of this version.</summary>
    VideoFingerprint Read(Stream source);
}

/// <summary>The stored form Core defines.</summary>
public sealed class CodecFingerprintFormat : IFingerprintFormat
{
    public void Write(VideoFingerprint fingerprint, Stream destination) => FingerprintCodec.Write(fingerprint, destination);

    public VideoFingerprint Read(Stream source) => FingerprintCodec.Read(source);
}
