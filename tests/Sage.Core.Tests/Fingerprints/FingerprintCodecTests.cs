using System.Buffers.Binary;
using Sage.Core.Fingerprints;

namespace Sage.Core.Tests.Fingerprints;

public sealed class FingerprintCodecTests
{
    [Fact]
    public void A_fingerprint_with_sound_round_trips_exactly()
    {
        var fingerprint = Sample(frames: 300, soundFrames: 500);

        var read = RoundTrip(fingerprint);

        Assert.Equal(fingerprint.SourceFrameRate, read.SourceFrameRate);
        Assert.Equal(fingerprint.Picture.FrameRate, read.Picture.FrameRate);
        Assert.Equal(fingerprint.Picture.Data.ToArray(), read.Picture.Data.ToArray());
        Assert.NotNull(read.Sound);
        Assert.Equal(fingerprint.Sound!.Data.ToArray(), read.Sound.Data.ToArray());
    }

    [Fact]
    public void A_fingerprint_without_sound_round_trips_with_no_sound()
    {
        var read = RoundTrip(Sample(frames: 40, soundFrames: null));

        Assert.Null(read.Sound);
        Assert.Equal(40, read.Picture.Count);
    }

    [Fact]
    public void Empty_tracks_round_trip()
    {
        var read = RoundTrip(Sample(frames: 0, soundFrames: 0));

        Assert.Equal(0, read.Picture.Count);
        Assert.Equal(0, read.Sound!.Count);
    }

    [Fact]
    public void Smooth_footage_is_stored_in_far_fewer_bytes_than_the_raw_tracks()
    {
        var fingerprint = Sample(frames: 300, soundFrames: 500);

        var stored = Write(fingerprint).Length;

        Assert.True(stored < (fingerprint.Picture.Data.Length + fingerprint.Sound!.Data.Length) / 3, $"{stored} bytes");
    }

    [Fact]
    public void Refuses_data_without_the_magic()
    {
        var bytes = Write(Sample(10, 10));
        bytes[0] = (byte)'X';

        var error = Assert.Throws<InvalidDataException>(() => Read(bytes));
        Assert.Contains("SGFP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_another_version()
    {
        var bytes = Write(Sample(10, 10));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), VideoFingerprint.Version + 1);

        var error = Assert.Throws<InvalidDataException>(() => Read(bytes));
        Assert.Contains("version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_truncated_data_at_every_length()
    {
        var bytes = Write(Sample(20, 30));

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => Read(bytes.AsSpan(0, length).ToArray()));
        }
    }

    [Theory]
    [InlineData(24, 1)]
    [InlineData(24, -1)]
    [InlineData(28, 1)]
    [InlineData(28, -1)]
    public void Refuses_counts_that_do_not_match_the_body(int offset, int change)
    {
        var bytes = Write(Sample(20, 30));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset)) + change);

        var error = Assert.Throws<InvalidDataException>(() => Read(bytes));
        Assert.Contains("count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_sound_track_claimed_for_a_fingerprint_stored_without_sound()
    {
        var bytes = Write(Sample(20, null));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(28), 3);

        Assert.Throws<InvalidDataException>(() => Read(bytes));
    }

    [Fact]
    public void Refuses_a_damaged_body()
    {
        var bytes = Write(Sample(50, 50));
        for (var i = 36; i < bytes.Length; i += 7)
        {
            bytes[i] ^= 0x5A;
        }

        Assert.Throws<InvalidDataException>(() => Read(bytes));
    }

    [Fact]
    public void Refuses_negative_counts_and_impossible_rates()
    {
        var bytes = Write(Sample(5, 5));
        var negative = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(negative.AsSpan(24), -5);
        var noRate = (byte[])bytes.Clone();
        BinaryPrimitives.WriteDoubleLittleEndian(noRate.AsSpan(16), 0);

        Assert.Throws<InvalidDataException>(() => Read(negative));
        Assert.Throws<InvalidDataException>(() => Read(noRate));
    }

    /// <summary>Camera-like tracks: slowly drifting values with a little noise.</summary>
    private static VideoFingerprint Sample(int frames, int? soundFrames)
    {
        var random = new Random(frames + (soundFrames ?? 0));
        var picture = new byte[frames * PictureTrack.DescriptorLength];
        for (var i = 0; i < picture.Length; i++)
        {
            var frame = i / PictureTrack.DescriptorLength;
            var cell = i % PictureTrack.DescriptorLength;
            picture[i] = (byte)(100 + (50 * Math.Sin((cell / 17.0) + (frame / 90.0))) + random.Next(2));
        }

        SoundTrack? sound = null;
        if (soundFrames is { } count)
        {
            var data = new byte[count * SoundTrack.FrameLength];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (byte)(120 + random.Next(8));
            }

            sound = new SoundTrack(data);
        }

        return new VideoFingerprint(29.97, new PictureTrack(29.97, picture), sound);
    }

    private static byte[] Write(VideoFingerprint fingerprint)
    {
        using var stream = new MemoryStream();
        FingerprintCodec.Write(fingerprint, stream);
        return stream.ToArray();
    }

    private static VideoFingerprint Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return FingerprintCodec.Read(stream);
    }

    private static VideoFingerprint RoundTrip(VideoFingerprint fingerprint) => Read(Write(fingerprint));
}
