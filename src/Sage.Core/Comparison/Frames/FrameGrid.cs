using Sage.Core.Fingerprints;

namespace Sage.Core.Comparison;

/// <summary>
/// A picture track sampled on a common time grid (one point every <see cref="Step"/> seconds), so that videos of any
/// two frame rates are aligned by presentation time: grid point <c>k</c> is the frame shown at <c>k · Step</c>.
/// </summary>
internal sealed class FrameGrid
{
    /// <summary>Seconds between grid points: fine enough to place an edit to a few frames before the per-frame refinement.</summary>
    public const double Step = 0.1;

    private readonly int[] _frames;

    public FrameGrid(PictureTrack track)
    {
        Track = track;
        var duration = track.Count / track.FrameRate;
        var count = Math.Max(1, (int)Math.Floor((duration / Step) + 1e-9));
        _frames = new int[count];
        for (var k = 0; k < count; k++)
        {
            _frames[k] = track.IndexAt((k + 0.5) * Step);
        }
    }

    public PictureTrack Track { get; }

    public int Count => _frames.Length;

    public ReadOnlySpan<byte> this[int k] => Track[_frames[k]];
}
