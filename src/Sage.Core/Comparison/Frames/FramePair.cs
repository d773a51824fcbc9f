using Sage.Core.Fingerprints;

namespace Sage.Core.Comparison;

/// <summary>
/// The two picture tracks and how a frame of one is found in the other at an offset: by the middle of the frame's
/// display time, so that two tracks of one rate at a whole-frame offset pair exactly, and other rates pair with the
/// frame on screen at that moment.
/// </summary>
internal sealed class FramePair(PictureTrack a, PictureTrack b)
{
    public PictureTrack A { get; } = a;

    public PictureTrack B { get; } = b;

    public double FrameA => 1 / A.FrameRate;

    public double FrameB => 1 / B.FrameRate;

    public double DurationA => A.Count / A.FrameRate;

    public double DurationB => B.Count / B.FrameRate;

    /// <summary>The B frame on screen in the middle of A frame <paramref name="aFrame"/>, shifted by <paramref name="offset"/>; -1 outside B.</summary>
    public int BFrameFor(int aFrame, double offset)
    {
        var t = ((aFrame + 0.5) / A.FrameRate) + offset;
        var j = (int)Math.Floor(t * B.FrameRate);
        return j >= 0 && j < B.Count ? j : -1;
    }

    /// <summary>The A frame on screen in the middle of B frame <paramref name="bFrame"/>, less <paramref name="offset"/>; -1 outside A.</summary>
    public int AFrameFor(int bFrame, double offset)
    {
        var t = ((bFrame + 0.5) / B.FrameRate) - offset;
        var i = (int)Math.Floor(t * A.FrameRate);
        return i >= 0 && i < A.Count ? i : -1;
    }

    /// <summary>First A frame whose start is at or after <paramref name="seconds"/>.</summary>
    public int AFrameAtOrAfter(double seconds) => Math.Clamp((int)Math.Ceiling((seconds * A.FrameRate) - 1e-6), 0, A.Count);

    /// <summary>First B frame whose start is at or after <paramref name="seconds"/>.</summary>
    public int BFrameAtOrAfter(double seconds) => Math.Clamp((int)Math.Ceiling((seconds * B.FrameRate) - 1e-6), 0, B.Count);

    /// <summary>The A frames <c>[first, last)</c> whose middle lies in <c>[start, end)</c>: the frames a stretch of A shows.</summary>
    public (int First, int Last) AFramesShown(double start, double end) =>
        (Math.Clamp((int)Math.Ceiling((start * A.FrameRate) - 0.5 - 1e-9), 0, A.Count), Math.Clamp((int)Math.Ceiling((end * A.FrameRate) - 0.5 - 1e-9), 0, A.Count));

    /// <summary>The B frames <c>[first, last)</c> whose middle lies in <c>[start, end)</c>.</summary>
    public (int First, int Last) BFramesShown(double start, double end) =>
        (Math.Clamp((int)Math.Ceiling((start * B.FrameRate) - 0.5 - 1e-9), 0, B.Count), Math.Clamp((int)Math.Ceiling((end * B.FrameRate) - 0.5 - 1e-9), 0, B.Count));

    /// <summary>Picture distance of A frame <paramref name="aFrame"/> to B at <paramref name="offset"/>; <paramref name="missing"/> when B has no frame there.</summary>
    public double CostOfA(int aFrame, double offset, double missing)
    {
        var j = BFrameFor(aFrame, offset);
        return j < 0 ? missing : PictureDistance.Mean(A[aFrame], B[j]);
    }

    /// <summary>Picture distance of B frame <paramref name="bFrame"/> to A at <paramref name="offset"/>; <paramref name="missing"/> when A has no frame there.</summary>
    public double CostOfB(int bFrame, double offset, double missing)
    {
        var i = AFrameFor(bFrame, offset);
        return i < 0 ? missing : PictureDistance.Mean(A[i], B[bFrame]);
    }
}
