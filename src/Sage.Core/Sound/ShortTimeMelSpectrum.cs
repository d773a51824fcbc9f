using NWaves.Filters.Fda;
using NWaves.Transforms;
using NWaves.Windows;

namespace Sage.Core.Sound;

/// <summary>
/// Streaming short-time mel analysis: cuts mono samples, fed in blocks of any size, into frames of
/// <see cref="FrameSize"/> samples every <see cref="HopSize"/>, Hann-windows each, takes its power spectrum
/// (FFT zero-padded to a power of two, normalised by the FFT size) and sums it through a Slaney mel bank.
/// Only whole frames are analysed: n samples give floor((n − FrameSize) / HopSize) + 1 frames (none below one frame).
/// </summary>
public sealed class ShortTimeMelSpectrum
{
    private readonly float[] _window;
    private readonly float[][] _melBank;
    private readonly RealFft _fft;
    private readonly float[] _frame;
    private readonly float[] _fftInput;
    private readonly float[] _spectrum;
    private readonly float[] _bandPowers;
    private int _filled;
    private long _frameStart;

    public ShortTimeMelSpectrum(int sampleRate, int frameSize, int hopSize, int bands, double lowHertz, double highHertz)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameSize, hopSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bands);
        if (!(lowHertz >= 0 && highHertz > lowHertz && highHertz <= sampleRate / 2.0))
        {
            throw new ArgumentOutOfRangeException(nameof(highHertz), highHertz, "The bands must lie between 0 Hz and half the sample rate.");
        }

        FrameSize = frameSize;
        HopSize = hopSize;
        var fftSize = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)frameSize);
        _window = Window.OfType(WindowType.Hann, frameSize);
        _melBank = FilterBanks.MelBankSlaney(bands, fftSize, sampleRate, lowHertz, highHertz);
        _fft = new RealFft(fftSize);
        _frame = new float[frameSize];
        _fftInput = new float[fftSize];
        _spectrum = new float[(fftSize / 2) + 1];
        _bandPowers = new float[bands];
    }

    public int FrameSize { get; }

    public int HopSize { get; }

    /// <summary>Samples consumed so far.</summary>
    public long SamplesSeen { get; private set; }

    /// <summary>Feeds the next samples in stream order; <paramref name="receiver"/> gets every frame they complete.</summary>
    public void Add(ReadOnlySpan<float> samples, IMelFrameReceiver receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        SamplesSeen += samples.Length;
        while (!samples.IsEmpty)
        {
            var take = Math.Min(FrameSize - _filled, samples.Length);
            samples[..take].CopyTo(_frame.AsSpan(_filled));
            _filled += take;
            samples = samples[take..];
            if (_filled == FrameSize)
            {
                Analyse();
                receiver.Receive(_frameStart, _frame, _bandPowers);
                _frame.AsSpan(HopSize).CopyTo(_frame);
                _filled -= HopSize;
                _frameStart += HopSize;
            }
        }
    }

    private void Analyse()
    {
        for (var i = 0; i < FrameSize; i++)
        {
            _fftInput[i] = _frame[i] * _window[i];
        }

        _fft.PowerSpectrum(_fftInput, _spectrum, normalize: true);
        FilterBanks.Apply(_melBank, _spectrum, _bandPowers);
    }
}
