namespace Sage.Media;

/// <summary>
/// One decoded frame in packed RGB24 (row-major, 3 bytes per pixel, no padding).
/// <see cref="Rgb24"/> is a reused buffer: it is valid only until the enumerator moves to the
/// next frame (or is disposed). Copy it if you need to keep it.
/// </summary>
/// <param name="Index">0-based frame number in the sampled sequence.</param>
/// <param name="TimestampSeconds">Index / sampled frames per second.</param>
public readonly record struct VideoFrame(int Index, double TimestampSeconds, int Width, int Height, ReadOnlyMemory<byte> Rgb24);
