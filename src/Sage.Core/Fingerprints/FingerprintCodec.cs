using System.Buffers.Binary;
using System.IO.Compression;

namespace Sage.Core.Fingerprints;

/// <summary>
/// The stored form of a <see cref="VideoFingerprint"/>: compact, versioned, checked when read.
/// <para>
/// Layout, little-endian: "SGFP", <see cref="VideoFingerprint.Version"/> (int32), source frame rate and picture
/// rate (float64), picture frame count and sound frame count (int32; −1 for no sound), compressed body length
/// (int32), then the Brotli-compressed body: the picture track, then the sound track, each byte stored as its
/// difference (mod 256) from the same byte of the previous frame, in planar order (byte 0 of every frame, then byte 1,
/// ...). Consecutive frames are alike, so the differences are mostly near zero, and planar order puts the differences
/// of one cell side by side, which is what the compressor finds runs in (bench/README.md has the figures: Deflate
/// and other Brotli qualities, frame order, no delta).
/// </para>
/// </summary>
public static class FingerprintCodec
{
    private const int HeaderLength = 4 + 4 + 8 + 8 + 4 + 4 + 4;
    private const int NoSound = -1;

    // Brotli quality 5 was the knee of size against time on real footage (bench/README.md).
    private const int BrotliQuality = 5;
    private const int BrotliWindow = 22;

    private static ReadOnlySpan<byte> Magic => "SGFP"u8;

    /// <summary>Writes <paramref name="fingerprint"/> to <paramref name="destination"/>.</summary>
    public static void Write(VideoFingerprint fingerprint, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(destination);
        var body = EncodeBody(fingerprint);
        var compressed = new byte[BrotliEncoder.GetMaxCompressedLength(body.Length)];
        if (!BrotliEncoder.TryCompress(body, compressed, out var compressedLength, BrotliQuality, BrotliWindow))
        {
            throw new InvalidOperationException("Brotli could not compress the fingerprint.");
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], VideoFingerprint.Version);
        BinaryPrimitives.WriteDoubleLittleEndian(header[8..], fingerprint.SourceFrameRate);
        BinaryPrimitives.WriteDoubleLittleEndian(header[16..], fingerprint.Picture.FrameRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], fingerprint.Picture.Count);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], fingerprint.Sound?.Count ?? NoSound);
        BinaryPrimitives.WriteInt32LittleEndian(header[32..], compressedLength);
        destination.Write(header);
        destination.Write(compressed, 0, compressedLength);
    }

    /// <summary>Reads a fingerprint; throws <see cref="InvalidDataException"/> for anything that is not a whole fingerprint of this version.</summary>
    public static VideoFingerprint Read(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Span<byte> header = stackalloc byte[HeaderLength];
        ReadExactly(source, header, "header");
        if (!header[..4].SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a SAGE fingerprint: the data does not start with \"SGFP\".");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        if (version != VideoFingerprint.Version)
        {
            throw new InvalidDataException($"The fingerprint is of version {version}; this build reads version {VideoFingerprint.Version} only.");
        }

        var sourceFrameRate = BinaryPrimitives.ReadDoubleLittleEndian(header[8..]);
        var pictureRate = BinaryPrimitives.ReadDoubleLittleEndian(header[16..]);
        var pictureCount = BinaryPrimitives.ReadInt32LittleEndian(header[24..]);
        var soundCount = BinaryPrimitives.ReadInt32LittleEndian(header[28..]);
        var compressedLength = BinaryPrimitives.ReadInt32LittleEndian(header[32..]);
        if (!(double.IsFinite(sourceFrameRate) && sourceFrameRate >= 0) || !(double.IsFinite(pictureRate) && pictureRate > 0))
        {
            throw new InvalidDataException($"The fingerprint's frame rates ({sourceFrameRate}, {pictureRate}) are not valid.");
        }

        if (pictureCount < 0 || pictureCount > int.MaxValue / PictureTrack.DescriptorLength / 2
            || soundCount < NoSound || soundCount > int.MaxValue / SoundTrack.FrameLength / 2 || compressedLength < 0)
        {
            throw new InvalidDataException($"The fingerprint's counts ({pictureCount} pictures, {soundCount} sound frames, {compressedLength} bytes) are not valid.");
        }

        var pictureBytes = pictureCount * PictureTrack.DescriptorLength;
        var soundBytes = Math.Max(soundCount, 0) * SoundTrack.FrameLength;
        var compressed = new byte[compressedLength];
        ReadExactly(source, compressed, "body");
        // One byte more than the counts say: a body that fills it holds more than they say.
        var body = new byte[pictureBytes + soundBytes + 1];
        int written;
        try
        {
            using var decoder = new BrotliDecoder();
            var status = decoder.Decompress(compressed, body, out var consumed, out written);
            if (status == System.Buffers.OperationStatus.DestinationTooSmall)
            {
                written = body.Length;
            }
            else if (status != System.Buffers.OperationStatus.Done || consumed != compressedLength)
            {
                throw new InvalidDataException("The fingerprint's compressed body is damaged or cut short.");
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            throw new InvalidDataException("The fingerprint's compressed body is damaged.", ex);
        }

        if (written != pictureBytes + soundBytes)
        {
            var holds = written > pictureBytes + soundBytes ? "more bytes" : $"{written} bytes";
            throw new InvalidDataException($"The fingerprint's body holds {holds}; its counts ({pictureCount} pictures, {soundCount} sound frames) say {pictureBytes + soundBytes}.");
        }

        var picture = new PictureTrack(pictureRate, Decode(body.AsSpan(0, pictureBytes), PictureTrack.DescriptorLength));
        var sound = soundCount == NoSound ? null : new SoundTrack(Decode(body.AsSpan(pictureBytes, soundBytes), SoundTrack.FrameLength));
        return new VideoFingerprint(sourceFrameRate, picture, sound);
    }

    /// <summary>The uncompressed body: picture then sound, each as planar frame-to-frame differences.</summary>
    internal static byte[] EncodeBody(VideoFingerprint fingerprint)
    {
        var picture = fingerprint.Picture.Data;
        var sound = fingerprint.Sound is null ? [] : fingerprint.Sound.Data;
        var body = new byte[picture.Length + sound.Length];
        Encode(picture, body, PictureTrack.DescriptorLength);
        Encode(sound, body.AsSpan(picture.Length), SoundTrack.FrameLength);
        return body;
    }

    /// <summary>Byte j of frame f goes to j · frames + f, as its difference from byte j of frame f − 1.</summary>
    private static void Encode(ReadOnlySpan<byte> track, Span<byte> destination, int frameLength)
    {
        var frames = track.Length / frameLength;
        for (var j = 0; j < frameLength; j++)
        {
            byte previous = 0;
            for (var f = 0; f < frames; f++)
            {
                var value = track[(f * frameLength) + j];
                destination[(j * frames) + f] = unchecked((byte)(value - previous));
                previous = value;
            }
        }
    }

    private static byte[] Decode(ReadOnlySpan<byte> planar, int frameLength)
    {
        var frames = planar.Length / frameLength;
        var track = new byte[planar.Length];
        for (var j = 0; j < frameLength; j++)
        {
            byte value = 0;
            for (var f = 0; f < frames; f++)
            {
                value = unchecked((byte)(value + planar[(j * frames) + f]));
                track[(f * frameLength) + j] = value;
            }
        }

        return track;
    }

    private static void ReadExactly(Stream source, Span<byte> destination, string part)
    {
        var read = source.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        if (read < destination.Length)
        {
            throw new InvalidDataException($"The fingerprint is truncated: its {part} needs {destination.Length} bytes, {read} were left.");
        }
    }
}
