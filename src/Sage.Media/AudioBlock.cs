namespace Sage.Media;

/// <summary>
/// A block of mono float samples in [-1, 1]. <see cref="Samples"/> is a reused buffer: it is valid
/// only until the enumerator moves to the next block (or is disposed). Copy it if you need to keep it.
/// </summary>
/// <param name="StartSample">Index of the first sample since the start of the audio.</param>
/// <param name="StartSeconds">StartSample / SampleRate.</param>
public readonly record struct AudioBlock(long StartSample, double StartSeconds, int SampleRate, ReadOnlyMemory<float> Samples);
