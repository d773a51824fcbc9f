namespace Sage.Core.Fingerprints;

/// <summary>Collects one <see cref="PictureDescriptor"/> per frame, in order, into a <see cref="PictureTrack"/>.</summary>
public sealed class PictureTrackBuilder
{
    private byte[] _data = new byte[PictureTrack.DescriptorLength * 64];
    private int _length;

    /// <param name="frameRate">Frames per second the frames are sampled at.</param>
    public PictureTrackBuilder(double frameRate)
    {
        if (!double.IsFinite(frameRate) || frameRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frameRate), frameRate, "The frame rate must be positive.");
        }

        FrameRate = frameRate;
    }

    public double FrameRate { get; }

    /// <summary>Frames added so far.</summary>
    public int Count => _length / PictureTrack.DescriptorLength;

    /// <summary>Appends the descriptor of the next frame (packed RGB24, row-major, no padding).</summary>
    public void Add(ReadOnlySpan<byte> rgb24, int width, int height)
    {
        if (_length + PictureTrack.DescriptorLength > _data.Length)
        {
            Array.Resize(ref _data, _data.Length * 2);
        }

        PictureDescriptor.Compute(rgb24, width, height, _data.AsSpan(_length, PictureTrack.DescriptorLength));
        _length += PictureTrack.DescriptorLength;
    }

    /// <summary>The frames so far as a track (a copy; adding may go on).</summary>
    public PictureTrack ToTrack() => new(FrameRate, _data.AsSpan(0, _length).ToArray());
}
