using Sage.Core.Sound;

namespace Sage.Core.Fingerprints;

/// <summary>
/// Builds a <see cref="SoundTrack"/> from mono samples at <see cref="SampleRate"/>, fed in blocks of any size. Each
/// 40 ms frame (every 20 ms) gives its loudness, 20·log10 of the RMS of the raw samples (dBFS, a full-scale square
/// wave is 0 dB, a full-scale sine −3 dB), and <see cref="SoundTrack.Bands"/> mel band levels, 10·log10 of the
/// Hann-windowed band powers, <see cref="LowHertz"/> to <see cref="HighHertz"/> (speech and most music energy; the
/// top stays below the 8 kHz Nyquist limit where resampling filters roll off). Both are linear in the signal's
/// power, so a level change moves every byte by the same number of 0.5 dB steps, while a different sound changes
/// the band shape. Only whole frames count: n samples give floor((n − 640) / 320) + 1 frames; the last partial
/// frame (under 40 ms) is left out.
/// </summary>
public sealed class SoundFeatures : IMelFrameReceiver
{
    public const int SampleRate = 16000;
    public const double LowHertz = 60;
    public const double HighHertz = 7000;

    private const int FrameSize = (int)(SoundTrack.WindowSeconds * SampleRate);
    private const int HopSize = (int)(SoundTrack.HopSeconds * SampleRate);

    // Powers below this are silence: it keeps log10 finite, and maps to far under the byte floor.
    private const double SilentPower = 1e-30;

    private readonly ShortTimeMelSpectrum _spectrum = new(SampleRate, FrameSize, HopSize, SoundTrack.Bands, LowHertz, HighHertz);
    private byte[] _data = new byte[SoundTrack.FrameLength * 256];
    private int _length;

    /// <summary>Samples consumed so far.</summary>
    public long SamplesSeen => _spectrum.SamplesSeen;

    /// <summary>Frames produced so far.</summary>
    public int Count => _length / SoundTrack.FrameLength;

    /// <summary>Feeds the next samples (mono, in [-1, 1], <see cref="SampleRate"/> Hz) in stream order.</summary>
    public void Add(ReadOnlySpan<float> samples) => _spectrum.Add(samples, this);

    /// <summary>The frames so far as a track (a copy; feeding may go on).</summary>
    public SoundTrack ToTrack() => new(_data.AsSpan(0, _length).ToArray());

    void IMelFrameReceiver.Receive(long startSample, ReadOnlySpan<float> samples, ReadOnlySpan<float> bandPowers)
    {
        if (_length + SoundTrack.FrameLength > _data.Length)
        {
            Array.Resize(ref _data, _data.Length * 2);
        }

        var frame = _data.AsSpan(_length, SoundTrack.FrameLength);
        var sumOfSquares = 0.0;
        foreach (var sample in samples)
        {
            sumOfSquares += (double)sample * sample;
        }

        frame[0] = SoundTrack.ToByte(10 * Math.Log10(Math.Max(sumOfSquares / samples.Length, SilentPower)));
        for (var b = 0; b < SoundTrack.Bands; b++)
        {
            frame[1 + b] = SoundTrack.ToByte(10 * Math.Log10(Math.Max(bandPowers[b], SilentPower)));
        }

        _length += SoundTrack.FrameLength;
    }
}
