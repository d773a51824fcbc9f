using Sage.Core.Sound;

namespace Sage.Embeddings.Local;

/// <summary>
/// Streaming audio features, one vector per clip. The audio is cut into 25 ms Hann-windowed frames
/// every 10 ms; each frame gives 40 log-mel band levels in dB (Slaney mel bank, 50 Hz to 0.475·rate),
/// floored at <see cref="FloorDecibels"/> so that the quantisation noise of a re-encode, far below
/// anything audible, cannot move the vector.
/// <para>
/// Each frame's band levels are centred on the frame's own mean level. The centred levels are
/// signed (above or below the frame's average), which is what makes cosine distance discriminate:
/// raw log energies are all of one sign and every sound would look alike. Per clip the vector is
/// [mean of centred levels per band (40) | their standard deviation over time (40) |
/// mean level above the floor · 0.25 | a constant 10]. The mean describes the timbre, the standard
/// deviation how much it moves (a steady tone versus speech), the level the loudness with little
/// weight, and the constant makes silence (all zeros otherwise) a well-defined direction that is
/// far from every sound. Frames belong to the clip holding their centre; a clip with no audio
/// (the track ended early) is silence.
/// </para>
/// </summary>
internal sealed class LogMelClipFeatures : IMelFrameReceiver
{
    public const int Bands = 40;
    public const int FeatureLength = (2 * Bands) + 2;
    public const float FloorDecibels = -100f;
    private const float LevelWeight = 0.25f;
    private const float SilenceBias = 10f;

    private readonly ClipPlan _plan;
    private readonly int _sampleRate;
    private readonly ShortTimeMelSpectrum _spectrum;
    private readonly float[] _bandLevels;
    private readonly ClipSums[] _clips;

    public LogMelClipFeatures(int sampleRate, ClipPlan plan)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        _plan = plan;
        _sampleRate = sampleRate;
        _spectrum = new ShortTimeMelSpectrum(sampleRate, (int)Math.Round(sampleRate * 0.025), (int)Math.Round(sampleRate * 0.010), Bands, 50, 0.475 * sampleRate);
        _bandLevels = new float[Bands];
        _clips = new ClipSums[plan.Count];
        for (var i = 0; i < _clips.Length; i++)
        {
            _clips[i] = new ClipSums();
        }
    }

    /// <summary>Samples consumed so far.</summary>
    public long SamplesSeen => _spectrum.SamplesSeen;

    /// <summary>Feeds the next samples (mono, in [-1, 1]) in stream order.</summary>
    public void Add(ReadOnlySpan<float> samples) => _spectrum.Add(samples, this);

    /// <summary>The clip's feature vector (<see cref="FeatureLength"/> values), zero-padded to <paramref name="length"/> and L2-normalised.</summary>
    public float[] ClipVector(int clip, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, FeatureLength);
        var sums = _clips[clip];
        var vector = new float[length];
        if (sums.Frames > 0)
        {
            var n = (double)sums.Frames;
            for (var b = 0; b < Bands; b++)
            {
                var mean = sums.Sum[b] / n;
                vector[b] = (float)mean;
                vector[Bands + b] = (float)Math.Sqrt(Math.Max(0, (sums.SumOfSquares[b] / n) - (mean * mean)));
            }

            vector[2 * Bands] = (float)(LevelWeight * sums.Level / n);
        }

        vector[(2 * Bands) + 1] = SilenceBias;
        VectorMath.Normalize(vector);
        return vector;
    }

    void IMelFrameReceiver.Receive(long startSample, ReadOnlySpan<float> samples, ReadOnlySpan<float> bandPowers)
    {
        for (var b = 0; b < Bands; b++)
        {
            _bandLevels[b] = Math.Max(10 * MathF.Log10(Math.Max(bandPowers[b], 1e-30f)), FloorDecibels);
        }

        var level = 0.0;
        for (var b = 0; b < Bands; b++)
        {
            level += _bandLevels[b];
        }

        level /= Bands;
        var centreSeconds = (startSample + (samples.Length / 2.0)) / _sampleRate;
        var sums = _clips[_plan.ClipAt(centreSeconds)];
        for (var b = 0; b < Bands; b++)
        {
            var centred = _bandLevels[b] - level;
            sums.Sum[b] += centred;
            sums.SumOfSquares[b] += centred * centred;
        }

        sums.Level += level - FloorDecibels;
        sums.Frames++;
    }

    private sealed class ClipSums
    {
        public double[] Sum { get; } = new double[Bands];

        public double[] SumOfSquares { get; } = new double[Bands];

        public double Level { get; set; }

        public int Frames { get; set; }
    }
}
