namespace Sage.Media;

/// <summary>A rectangle of the frame, each value 0–1 of its width or height from the top left.</summary>
public readonly record struct FrameBox(double X, double Y, double Width, double Height);

/// <summary>
/// What a difference image shows: A's frame at <see cref="SecondsA"/> and B's at <see cref="SecondsB"/>, both
/// <see cref="Width"/>×<see cref="Height"/> (B stretched to A's shape, so the difference is pixel to pixel), and their
/// amplified difference, side by side, with <see cref="Boxes"/> drawn on B and on the difference.
/// </summary>
public sealed record DifferenceFrames(string InputA, double SecondsA, string InputB, double SecondsB, int Width, int Height, IReadOnlyList<FrameBox> Boxes);
