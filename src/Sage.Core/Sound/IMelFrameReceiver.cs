namespace Sage.Core.Sound;

/// <summary>Receives each analysed frame of a <see cref="ShortTimeMelSpectrum"/>, in stream order.</summary>
public interface IMelFrameReceiver
{
    /// <param name="startSample">Index of the frame's first sample since the start of the stream.</param>
    /// <param name="samples">The frame's samples as fed (not windowed).</param>
    /// <param name="bandPowers">Mel band powers (linear) of the Hann-windowed frame.</param>
    void Receive(long startSample, ReadOnlySpan<float> samples, ReadOnlySpan<float> bandPowers);
}
