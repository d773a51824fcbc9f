using Microsoft.ML.OnnxRuntime;

namespace Sage.Embeddings.Local;

/// <summary>A managed float buffer pinned once as an ORT tensor, so frames are run without per-frame allocations.</summary>
internal sealed class ModelTensor : IDisposable
{
    private readonly OrtValue _value;

    public ModelTensor(float[] data, long[] shape)
    {
        Data = data;
        _value = OrtValue.CreateTensorValueFromMemory(data, shape);
        Values = [_value];
    }

    public float[] Data { get; }

    /// <summary>The tensor as the one-element list InferenceSession.Run takes.</summary>
    public IReadOnlyCollection<OrtValue> Values { get; }

    /// <summary>The frame is byte-for-byte the previous one; <see cref="Data"/> was not refilled.</summary>
    public bool RepeatsPrevious { get; set; }

    /// <summary>The first of the model's samples (<see cref="ModelFrameSchedule"/>) this frame serves.</summary>
    public long FirstSample { get; set; }

    /// <summary>How many consecutive samples this frame serves (more than one when the model samples faster than the picture rate).</summary>
    public int Samples { get; set; }

    public void Dispose() => _value.Dispose();
}
