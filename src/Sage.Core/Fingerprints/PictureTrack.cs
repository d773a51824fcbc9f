namespace Sage.Core.Fingerprints;

/// <summary>
/// One descriptor per sampled frame, frame <c>i</c> at <c>i / FrameRate</c> seconds. A descriptor is the mean
/// BT.601 luma of a 16×16 grid of cells (row-major), then the mean Cb and Cr of an 8×8 grid, one byte each: robust to
/// re-encoding, resizing and frame-rate conversion (cell means), sensitive to local changes (a cell is 1/256 of the
/// frame) and to colour (chroma cells).
/// </summary>
public sealed class PictureTrack
{
    public const int LumaGrid = 16;
    public const int ChromaGrid = 8;
    public const int LumaLength = LumaGrid * LumaGrid;
    public const int ChromaLength = ChromaGrid * ChromaGrid;

    /// <summary>Bytes per descriptor: luma cells, then Cb cells, then Cr cells.</summary>
    public const int DescriptorLength = LumaLength + (2 * ChromaLength);

    private readonly byte[] _data;

    /// <param name="frameRate">Descriptors per second.</param>
    /// <param name="data">Descriptors back to back; its length is a multiple of <see cref="DescriptorLength"/>.</param>
    public PictureTrack(double frameRate, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!double.IsFinite(frameRate) || frameRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frameRate), frameRate, "The frame rate must be positive.");
        }

        if (data.Length % DescriptorLength != 0)
        {
            throw new ArgumentException($"The data is not a whole number of {DescriptorLength}-byte descriptors.", nameof(data));
        }

        FrameRate = frameRate;
        _data = data;
    }

    public double FrameRate { get; }

    public int Count => _data.Length / DescriptorLength;

    /// <summary>The descriptors back to back (do not modify).</summary>
    public ReadOnlySpan<byte> Data => _data;

    public ReadOnlySpan<byte> this[int index] => _data.AsSpan(index * DescriptorLength, DescriptorLength);

    /// <summary>Seconds at which frame <paramref name="index"/> is shown.</summary>
    public double TimeOf(int index) => index / FrameRate;

    /// <summary>The frame shown at <paramref name="seconds"/> (clamped to the track).</summary>
    public int IndexAt(double seconds) => Math.Clamp((int)Math.Floor((seconds * FrameRate) + 1e-6), 0, Math.Max(0, Count - 1));
}
