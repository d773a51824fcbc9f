using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sage.Core.Fingerprints;
using Sage.Embeddings.Fingerprints;
using Sage.Media;
using Sage.Server.Fingerprints;

namespace Sage.Server.Tests.Fingerprints;

/// <summary>
/// The fingerprint pieces the server tests run with: the real fingerprinter and codec when they exist, else stand-ins
/// that behave like them (a decode through the server's own ffmpeg tools, a plain binary form). The stand-ins are
/// here only while Sage.Embeddings and Sage.Core are being written.
/// </summary>
public static class TestFingerprints
{
    public static bool RealFingerprinterExists { get; } = typeof(IVideoFingerprinter).Assembly.GetTypes()
        .Any(t => t is { IsClass: true, IsAbstract: false } && typeof(IVideoFingerprinter).IsAssignableFrom(t));

    public static bool RealCodecExists { get; } = CodecWorks();

    /// <summary>Registers the stand-ins where the real pieces are missing; <paramref name="fingerprinter"/> replaces the fingerprinter whatever exists.</summary>
    public static void Use(IServiceCollection services, Func<IServiceProvider, IVideoFingerprinter>? fingerprinter = null)
    {
        if (fingerprinter is not null)
        {
            services.RemoveAll<IVideoFingerprinter>();
            services.AddSingleton(fingerprinter);
        }
        else if (!RealFingerprinterExists)
        {
            services.RemoveAll<IVideoFingerprinter>();
            services.AddSingleton<IVideoFingerprinter, DecodingTestFingerprinter>();
        }

        if (!RealCodecExists)
        {
            services.RemoveAll<IFingerprintFormat>();
            services.AddSingleton<IFingerprintFormat, TestFingerprintFormat>();
        }
    }

    private static bool CodecWorks()
    {
        try
        {
            FingerprintCodec.Write(new VideoFingerprint(25, new PictureTrack(25, new byte[PictureTrack.DescriptorLength]), null), new MemoryStream());
            return true;
        }
        catch (NotImplementedException)
        {
            return false;
        }
    }
}

/// <summary>Picture descriptors from a real decode (64×36 frames at the fingerprint rate); no sound track.</summary>
public sealed class DecodingTestFingerprinter(IMediaTools media) : IVideoFingerprinter
{
    private int _runs;

    public int Runs => Volatile.Read(ref _runs);

    public async Task<VideoFingerprint> FingerprintAsync(string input, VideoProbe probe, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        Interlocked.Increment(ref _runs);
        var rate = VideoFingerprint.PictureRateFor(probe.FramesPerSecond);
        using var data = new MemoryStream();
        var descriptor = new byte[PictureTrack.DescriptorLength];
        var expected = Math.Max(1, probe.DurationSeconds * rate);
        var frames = 0;
        await foreach (var frame in media.ReadFramesAsync(input, rate, 64, 36, cancellationToken))
        {
            PictureDescriptor.Compute(frame.Rgb24.Span, 64, 36, descriptor);
            data.Write(descriptor);
            progress?.Report(Math.Min(1, ++frames / expected));
        }

        return new VideoFingerprint(probe.FramesPerSecond, new PictureTrack(rate, data.ToArray()), null);
    }
}

/// <summary>Waits until it is cancelled: a fingerprint that is always "processing".</summary>
public sealed class BlockingTestFingerprinter : IVideoFingerprinter
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Started => _started.Task;

    public bool WasCancelled { get; private set; }

    public async Task<VideoFingerprint> FingerprintAsync(string input, VideoProbe probe, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(0.25);
        _started.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            WasCancelled = true;
            throw;
        }

        throw new InvalidOperationException("unreachable");
    }
}

/// <summary>A plain binary form: source rate, picture rate, picture bytes, sound bytes (length -1 for none).</summary>
public sealed class TestFingerprintFormat : IFingerprintFormat
{
    public void Write(VideoFingerprint fingerprint, Stream destination)
    {
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(fingerprint.SourceFrameRate);
        writer.Write(fingerprint.Picture.FrameRate);
        writer.Write(fingerprint.Picture.Data.Length);
        writer.Write(fingerprint.Picture.Data);
        writer.Write(fingerprint.Sound is null ? -1 : fingerprint.Sound.Data.Length);
        if (fingerprint.Sound is not null)
        {
            writer.Write(fingerprint.Sound.Data);
        }
    }

    public VideoFingerprint Read(Stream source)
    {
        using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        var sourceRate = reader.ReadDouble();
        var pictureRate = reader.ReadDouble();
        var picture = reader.ReadBytes(reader.ReadInt32());
        var soundLength = reader.ReadInt32();
        var sound = soundLength < 0 ? null : new SoundTrack(reader.ReadBytes(soundLength));
        return new VideoFingerprint(sourceRate, new PictureTrack(pictureRate, picture), sound);
    }
}
