using System.Numerics.Tensors;

namespace Sage.Embeddings.Local;

/// <summary>Per-clip sums of frame features, turned into unit-length clip vectors by <see cref="Finish"/>.</summary>
internal sealed class VisualClips
{
    private readonly float[]?[] _vectors;

    public VisualClips(int clipCount)
    {
        _vectors = new float[clipCount][];
    }

    public int FrameCount { get; private set; }

    /// <summary>Frames the model actually ran on (the others repeated the previous frame exactly).</summary>
    public int ModelRuns { get; set; }

    /// <summary>The clip vectors once <see cref="Finish"/> and <see cref="FillEmptyClips"/> ran.</summary>
    public float[][] Vectors => _vectors.Select(v => v ?? throw new InvalidOperationException("A clip has no vector.")).ToArray();

    public void Add(int clip, ReadOnlySpan<float> frameFeatures)
    {
        var sum = _vectors[clip] ??= new float[ResNet18Model.FeatureLength];
        TensorPrimitives.Add(sum, frameFeatures, sum);
        FrameCount++;
    }

    /// <summary>Normalises each clip's sum: the direction of the mean frame vector.</summary>
    public void Finish()
    {
        foreach (var vector in _vectors)
        {
            if (vector is not null)
            {
                VectorMath.Normalize(vector);
            }
        }
    }

    /// <summary>
    /// A clip that got no frame (a sampling rate below one frame per clip, or a stream shorter than
    /// the probed duration) repeats the previous clip's vector, or the next one's at the start.
    /// Returns how many clips were filled.
    /// </summary>
    public int FillEmptyClips()
    {
        var filled = 0;
        float[]? previous = null;
        for (var i = 0; i < _vectors.Length; i++)
        {
            if (_vectors[i] is null)
            {
                var source = previous ?? _vectors.Skip(i + 1).FirstOrDefault(v => v is not null);
                if (source is not null)
                {
                    _vectors[i] = (float[])source.Clone();
                    filled++;
                }
            }

            previous = _vectors[i] ?? previous;
        }

        return filled;
    }
}
