namespace Sage.Core.Fingerprints;

/// <summary>
/// Short-time sound features, one frame every <see cref="HopSeconds"/> (50 per second), frame <c>i</c> covering
/// <c>[i · HopSeconds, i · HopSeconds + WindowSeconds)</c> of mono sound. A frame is the loudness (RMS level in dBFS)
/// then the log energy of <see cref="Bands"/> mel bands (dB), each quantised to a byte in 0.5 dB steps from
/// <see cref="FloorDecibels"/> (<see cref="ToByte"/>).
/// </summary>
public sealed class SoundTrack
{
    public const double HopSeconds = 0.02;
    public const double WindowSeconds = 0.04;
    public const int Bands = 24;

    /// <summary>Bytes per frame: loudness, then the bands.</summary>
    public const int FrameLength = 1 + Bands;

    /// <summary>The level byte 0 stands for; anything quieter is stored as 0.</summary>
    public const double FloorDecibels = -100;

    private const double StepDecibels = 0.5;

    private readonly byte[] _data;

    public SoundTrack(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length % FrameLength != 0)
        {
            throw new ArgumentException($"The data is not a whole number of {FrameLength}-byte frames.", nameof(data));
        }

        _data = data;
    }

    public int Count => _data.Length / FrameLength;

    public ReadOnlySpan<byte> Data => _data;

    public ReadOnlySpan<byte> this[int index] => _data.AsSpan(index * FrameLength, FrameLength);

    public static double TimeOf(int index) => index * HopSeconds;

    /// <summary>The stored byte for a level in dB.</summary>
    public static byte ToByte(double decibels) =>
        double.IsNaN(decibels) ? (byte)0 : (byte)Math.Clamp(Math.Round((decibels - FloorDecibels) / StepDecibels), 0, 255);

    /// <summary>The level in dB a stored byte stands for.</summary>
    public static double ToDecibels(byte value) => FloorDecibels + (value * StepDecibels);
}
