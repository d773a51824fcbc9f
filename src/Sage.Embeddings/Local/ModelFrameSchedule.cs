namespace Sage.Embeddings.Local;

/// <summary>
/// Which decoded frames the model runs on. Frames arrive at the fingerprint's picture rate (frame i at i / rate);
/// the model wants sample k at k / <c>FramesPerSecond</c>, and takes the frame nearest to it. When the model's rate is
/// above the picture rate one frame serves several samples, as ffmpeg's fps filter would duplicate it.
/// </summary>
internal sealed class ModelFrameSchedule
{
    private readonly double _framesPerSample;
    private long _nextSample;

    public ModelFrameSchedule(double pictureRate, double modelFramesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pictureRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(modelFramesPerSecond);
        ModelFramesPerSecond = modelFramesPerSecond;
        _framesPerSample = pictureRate / modelFramesPerSecond;
    }

    public double ModelFramesPerSecond { get; }

    /// <summary>
    /// The samples frame <paramref name="frameIndex"/> serves (0 for most frames), the first of them in
    /// <paramref name="firstSample"/>. Call once per frame, in order.
    /// </summary>
    public int SamplesOn(int frameIndex, out long firstSample)
    {
        firstSample = _nextSample;
        var count = 0;
        while (FrameOf(_nextSample) <= frameIndex)
        {
            if (FrameOf(_nextSample) == frameIndex)
            {
                count++;
            }
            else
            {
                firstSample = _nextSample + 1;
            }

            _nextSample++;
        }

        return count;
    }

    /// <summary>Seconds of sample <paramref name="sample"/>: the time the model's clips are assigned by.</summary>
    public double TimeOf(long sample) => sample / ModelFramesPerSecond;

    private long FrameOf(long sample) => (long)Math.Round(sample * _framesPerSample, MidpointRounding.AwayFromZero);
}
