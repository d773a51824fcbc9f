using System.Security.Cryptography;

namespace Sage.Server.Uploads.Tus;

/// <summary>The checksum extension: <c>Upload-Checksum: &lt;algorithm&gt; &lt;base64 digest&gt;</c> of one PATCH body.</summary>
public sealed record TusChecksum(string Algorithm, byte[] Digest)
{
    /// <summary>As sent in Tus-Checksum-Algorithm; sha1 is the one the spec requires.</summary>
    public const string Algorithms = "sha1,md5,sha256";

    /// <summary>A new hash for this checksum's algorithm.</summary>
    public IncrementalHash CreateHash() => IncrementalHash.CreateHash(HashName(Algorithm)!.Value);

    /// <summary>Null when the header is absent.</summary>
    /// <exception cref="TusProtocolException">400 for an unknown algorithm or a malformed digest.</exception>
    public static TusChecksum? Parse(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        var parts = header.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            throw TusProtocolException.BadRequest("Upload-Checksum must be '<algorithm> <base64 digest>'.");
        }

        var algorithm = parts[0].ToLowerInvariant();
        if (HashName(algorithm) is not { } name)
        {
            throw TusProtocolException.BadRequest($"Unsupported checksum algorithm; use one of {Algorithms}.");
        }

        byte[] digest;
        try
        {
            digest = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            throw TusProtocolException.BadRequest("The Upload-Checksum digest is not valid base64.");
        }

        using var probe = IncrementalHash.CreateHash(name);
        if (digest.Length != probe.HashLengthInBytes)
        {
            throw TusProtocolException.BadRequest($"A {algorithm} digest has {probe.HashLengthInBytes} bytes, not {digest.Length}.");
        }

        return new TusChecksum(algorithm, digest);
    }

    private static HashAlgorithmName? HashName(string algorithm) => algorithm switch
    {
        "sha1" => HashAlgorithmName.SHA1,
        "md5" => HashAlgorithmName.MD5,
        "sha256" => HashAlgorithmName.SHA256,
        _ => null,
    };
}
