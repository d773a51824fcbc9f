namespace Sage.Core.Fingerprints;

/// <summary>The stored form of a <see cref="VideoFingerprint"/>: compact, versioned, checked when read.</summary>
public static class FingerprintCodec
{
    /// <summary>Writes <paramref name="fingerprint"/> to <paramref name="destination"/>.</summary>
    public static void Write(VideoFingerprint fingerprint, Stream destination) =>
        throw new NotImplementedException("FingerprintCodec.Write is not written yet.");

    /// <summary>Reads a fingerprint; throws <see cref="InvalidDataException"/> for anything that is not a whole fingerprint of this version.</summary>
    public static VideoFingerprint Read(Stream source) =>
        throw new NotImplementedException("FingerprintCodec.Read is not written yet.");
}
