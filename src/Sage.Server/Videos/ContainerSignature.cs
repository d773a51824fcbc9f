namespace Sage.Server.Videos;

/// <summary>
/// Recognises a video container from its first bytes, so a renamed text file is refused before
/// it is stored. Pure; the prefix needs at most <see cref="PrefixLength"/> bytes.
/// </summary>
public static class ContainerSignature
{
    /// <summary>Enough for three MPEG-TS packets of 192 bytes (M2TS), the longest rule below.</summary>
    public const int PrefixLength = 4096;

    private const int TsPacket = 188;
    private const int M2tsPacket = 192;

    /// <summary>The container's name, or null when the bytes are no video container we know.</summary>
    public static string? Detect(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length >= 12 && prefix.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            // The major brand "qt  " is QuickTime in an ISO-style file; everything else is MP4's family.
            return prefix.Slice(8, 4).SequenceEqual("qt  "u8) ? "mov" : "mp4";
        }

        // Old QuickTime files may open with another top-level atom; the atom size must be sane.
        if (prefix.Length >= 8 && IsQuickTimeAtom(prefix.Slice(4, 4)) && (prefix[0] | prefix[1]) <= 0x7F)
        {
            return "mov";
        }

        if (prefix.Length >= 4 && prefix[..4].SequenceEqual((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return IsWebM(prefix) ? "webm" : "matroska";
        }

        if (prefix.Length >= 12 && prefix[..4].SequenceEqual("RIFF"u8) && prefix.Slice(8, 4).SequenceEqual("AVI "u8))
        {
            return "avi";
        }

        if (prefix.Length >= 4 && prefix[..3].SequenceEqual("FLV"u8) && prefix[3] == 0x01)
        {
            return "flv";
        }

        if (prefix.Length >= 4 && prefix[..4].SequenceEqual((ReadOnlySpan<byte>)[0x00, 0x00, 0x01, 0xBA]))
        {
            return "mpeg-ps";
        }

        if (prefix.Length >= 16 && prefix[..16].SequenceEqual((ReadOnlySpan<byte>)[0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C]))
        {
            return "asf";
        }

        if (HasSyncBytes(prefix, 0, TsPacket))
        {
            return "mpeg-ts";
        }

        if (HasSyncBytes(prefix, 4, M2tsPacket))
        {
            return "m2ts";
        }

        return null;
    }

    /// <summary>WebM is Matroska whose EBML header names the DocType (element 0x4282) "webm".</summary>
    private static bool IsWebM(ReadOnlySpan<byte> prefix)
    {
        var header = prefix[..Math.Min(prefix.Length, 64)];
        var docType = header.IndexOf((ReadOnlySpan<byte>)[0x42, 0x82]);
        // After the id comes a one-byte size (0x84: four bytes), then the name.
        return docType >= 0 && header.Length >= docType + 7 && header[(docType + 3)..].StartsWith("webm"u8);
    }

    private static bool IsQuickTimeAtom(ReadOnlySpan<byte> type) =>
        type.SequenceEqual("moov"u8) || type.SequenceEqual("mdat"u8) || type.SequenceEqual("wide"u8) ||
        type.SequenceEqual("free"u8) || type.SequenceEqual("skip"u8) || type.SequenceEqual("pnot"u8);

    /// <summary>Transport streams have a 0x47 sync byte at the start of every packet; ask for three in a row.</summary>
    private static bool HasSyncBytes(ReadOnlySpan<byte> prefix, int first, int packet)
    {
        var needed = first + (2 * packet) + 1;
        if (prefix.Length < needed)
        {
            // A stream shorter than three packets: one sync byte is too weak a signal.
            return false;
        }

        return prefix[first] == 0x47 && prefix[first + packet] == 0x47 && prefix[first + (2 * packet)] == 0x47;
    }
}
