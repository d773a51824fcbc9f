namespace Sage.Core.Comparison;

/// <summary>A stretch of a piece (A seconds) where the picture or the sound differs beyond the pair's noise floor.</summary>
internal sealed record ChangeRun(double AStart, double AEnd, double Offset, bool Picture, bool Sound)
{
    public IReadOnlyList<NormalisedBox> Boxes { get; init; } = [];

    public SoundChangeKind? SoundChange { get; init; }

    /// <summary>How far above the floor the run's strongest frame is (picture levels or sound dB over the floor's own scale).</summary>
    public double PeakExcess { get; init; }

    public double PeakA { get; init; }

    public double PeakB { get; init; }
}
