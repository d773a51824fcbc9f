using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sage.Media;

/// <summary><see cref="IMediaTools"/> on top of the ffmpeg and ffprobe command-line tools.</summary>
public sealed class FfmpegMediaTools : IMediaTools
{
    /// <summary>Thumbnails are scaled down to at most this width (never up).</summary>
    public const int ThumbnailMaxWidth = 640;

    private const int MaxThumbnailBytes = 8 * 1024 * 1024;
    private const int MaxProbeBytes = 4 * 1024 * 1024;

    private readonly MediaProcessRunner _runner;
    private readonly MediaOptions _options;
    private readonly ILogger<FfmpegMediaTools> _logger;

    public FfmpegMediaTools(MediaProcessRunner runner, IOptions<MediaOptions> options, ILogger<FfmpegMediaTools> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _runner = runner;
        _options = options.Value;
        _logger = logger;
    }

    public async Task<VideoProbe> ProbeAsync(string input, CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            "-v", "error",
            "-print_format", "json",
            "-show_format",
            "-show_streams",
            .. MediaInput.ToInputArguments(input),
        ];
        MediaProcessResult result;
        try
        {
            result = await _runner.RunAsync(MediaTool.Ffprobe, arguments, _options.ProbeTimeout, MaxProbeBytes, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (MediaToolException ex) when (ex.ExitCode is not null)
        {
            var reason = ex.ErrorTail.Length == 0 ? $"exit code {ex.ExitCode}" : ex.ErrorTail;
            throw new UnreadableMediaException($"ffprobe could not read the file: {reason}", ex);
        }

        return FfprobeOutputParser.Parse(System.Text.Encoding.UTF8.GetString(result.Output.Span));
    }

    public Task ExtractThumbnailAsync(string input, double atSeconds, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(atSeconds);
        string[] picture =
        [
            // -ss before -i seeks on keyframes first, then decodes only up to the wanted time.
            "-ss", Seconds(atSeconds),
            .. MediaInput.ToInputArguments(input),
            "-map", "0:v:0",
            "-vf", $"scale='min({ThumbnailMaxWidth},iw)':-2",
        ];
        return WriteJpegAsync(picture, $"ffmpeg produced no thumbnail at {Seconds(atSeconds)} s (past the end?)", destination, cancellationToken);
    }

    public Task ExtractDifferenceImageAsync(DifferenceFrames frames, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(destination);
        string[] picture =
        [
            "-ss", Seconds(Math.Max(0, frames.SecondsA)), .. MediaInput.ToInputArguments(frames.InputA),
            "-ss", Seconds(Math.Max(0, frames.SecondsB)), .. MediaInput.ToInputArguments(frames.InputB),
            "-filter_complex", DifferenceFilter(frames),
            "-map", "[out]",
        ];
        return WriteJpegAsync(picture, "ffmpeg produced no difference image", destination, cancellationToken);
    }

    /// <summary>Runs ffmpeg with <paramref name="picture"/> (inputs, filter, map) for one JPEG frame and writes it to <paramref name="destination"/>.</summary>
    private async Task WriteJpegAsync(string[] picture, string whenEmpty, Stream destination, CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            "-nostdin", "-hide_banner", "-loglevel", "error",
            .. picture,
            "-frames:v", "1",
            "-q:v", "4",
            "-f", "image2pipe",
            "-c:v", "mjpeg",
            "pipe:1",
        ];
        var result = await _runner.RunAsync(MediaTool.Ffmpeg, arguments, _options.ThumbnailTimeout, MaxThumbnailBytes, cancellationToken)
            .ConfigureAwait(false);
        if (result.Output.IsEmpty)
        {
            throw new MediaToolException("ffmpeg", 0, result.ErrorTail, whenEmpty);
        }

        await destination.WriteAsync(result.Output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The difference is grey, amplified 4× and tinted orange, so that small changes show.</summary>
    internal static string DifferenceFilter(DifferenceFrames frames)
    {
        var (width, height) = (frames.Width, frames.Height);
        var size = string.Create(CultureInfo.InvariantCulture, $"{width}:{height}");
        var drawn = string.Concat(frames.Boxes.Select(box => string.Create(CultureInfo.InvariantCulture,
            $",drawbox=x={box.X * width:0}:y={box.Y * height:0}:w={Math.Max(2, box.Width * width):0}:h={Math.Max(2, box.Height * height):0}:color=yellow@0.9:t=2")));
        return
            $"[0:v]scale={size},setsar=1,format=rgb24,split=2[a][a2];" +
            $"[1:v]scale={size},setsar=1,format=rgb24,split=2[b][b2];" +
            "[a2][b2]blend=all_mode=difference,format=gray,lut=y='min(255,val*4)',format=rgb24," +
            $"colorchannelmixer=rr=1:rg=0:rb=0:gr=0.6:gg=0:gb=0:br=0.1:bg=0:bb=0{drawn}[d];" +
            $"[b]null{drawn}[bd];" +
            "[a][bd][d]hstack=inputs=3,format=yuvj420p[out]";
    }

    public IAsyncEnumerable<VideoFrame> ReadFramesAsync(string input, double framesPerSecond, int width, int height, CancellationToken cancellationToken) =>
        ReadFramesAsync(input, framesPerSecond, width, height, FrameFit.Stretch, cancellationToken);

    public IAsyncEnumerable<VideoFrame> ReadFramesAsync(string input, double framesPerSecond, int width, int height, FrameFit fit, CancellationToken cancellationToken)
    {
        if (!(framesPerSecond > 0) || !double.IsFinite(framesPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "Must be a positive number.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var inputArguments = MediaInput.ToInputArguments(input);
        return ReadFramesCoreAsync(inputArguments, framesPerSecond, width, height, fit, cancellationToken);
    }

    public IAsyncEnumerable<AudioBlock> ReadAudioAsync(string input, int sampleRate, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var inputArguments = MediaInput.ToInputArguments(input);
        return ReadAudioCoreAsync(inputArguments, sampleRate, cancellationToken);
    }

    public async Task DecodeOnlyAsync(string input, CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            "-nostdin", "-hide_banner", "-loglevel", "error",
            .. MediaInput.ToInputArguments(input),
            "-f", "null", "-",
        ];
        await _runner.RunAsync(MediaTool.Ffmpeg, arguments, timeout: null, maxOutputBytes: 64 * 1024, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task TranscodeProxyAsync(ProxyRequest request, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var process = _runner.Start(MediaTool.Ffmpeg, ProxyArguments(request), cancellationToken);
        using var reader = new StreamReader(process.Output);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (FfmpegProgressParser.IsEnd(line))
            {
                progress?.Report(1);
            }
            else if (FfmpegProgressParser.PositionSeconds(line) is { } position && request.DurationSeconds > 0)
            {
                progress?.Report(Math.Clamp(position / request.DurationSeconds, 0, 1));
            }
        }

        await process.WaitForSuccessAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static string[] ProxyArguments(ProxyRequest request) =>
    [
        "-nostdin", "-hide_banner", "-loglevel", "error", "-nostats",
        "-progress", "pipe:1",
        .. MediaInput.ToInputArguments(request.Input),
        "-map", "0:v:0",
        "-map", "0:a:0?",
        "-sn", "-dn",
        "-vf", ProxyFilter(request.MaxHeight, request.Deinterlace),
        "-c:v", "libx264",
        "-preset", request.Preset,
        "-crf", request.Crf.ToString(CultureInfo.InvariantCulture),
        "-profile:v", "high",
        "-pix_fmt", "yuv420p",
        // A keyframe at least every 2 s, whatever the frame rate, so a seek lands within 2 s of decoding.
        "-force_key_frames", "expr:gte(t,n_forced*2)",
        "-c:a", "aac",
        "-b:a", "128k",
        "-ac", "2",
        "-movflags", "+faststart",
        "-f", "mp4",
        "-y", request.OutputPath,
    ];

    /// <summary>Deinterlace (bwdif, one frame per frame so the rate and frame numbers stay), cap the height, never upscale, keep even sizes.</summary>
    internal static string ProxyFilter(int maxHeight, bool deinterlace)
    {
        var scale = string.Create(CultureInfo.InvariantCulture, $"scale=-2:'min({maxHeight},ih)':flags=bicubic,format=yuv420p");
        return deinterlace ? "bwdif=mode=send_frame:parity=auto:deint=all," + scale : scale;
    }

    /// <summary>The -vf chain: sample, resize, convert to packed RGB.</summary>
    internal static string FrameFilter(double framesPerSecond, int width, int height, FrameFit fit)
    {
        var fps = framesPerSecond.ToString("R", CultureInfo.InvariantCulture);
        // "area" averages all source pixels when shrinking, which aliases less than bilinear.
        return fit == FrameFit.Letterbox
            ? $"fps={fps},scale={width}:{height}:flags=area:force_original_aspect_ratio=decrease,pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,format=rgb24"
            : $"fps={fps},scale={width}:{height}:flags=area,setsar=1,format=rgb24";
    }

    private async IAsyncEnumerable<VideoFrame> ReadFramesCoreAsync(
        string[] inputArguments,
        double framesPerSecond,
        int width,
        int height,
        FrameFit fit,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            "-nostdin", "-hide_banner", "-loglevel", "error",
            .. inputArguments,
            "-map", "0:v:0",
            "-an", "-sn", "-dn",
            "-vf", FrameFilter(framesPerSecond, width, height, fit),
            "-f", "rawvideo",
            "pipe:1",
        ];
        var frameBytes = checked(width * height * 3);
        var buffer = ArrayPool<byte>.Shared.Rent(frameBytes);
        try
        {
            await using var process = _runner.Start(MediaTool.Ffmpeg, arguments, cancellationToken);
            var index = 0;
            while (true)
            {
                var read = await process.Output.ReadAtLeastAsync(buffer.AsMemory(0, frameBytes), frameBytes, throwOnEndOfStream: false, cancellationToken)
                    .ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (read < frameBytes)
                {
                    // A partial frame only happens when ffmpeg died mid-write; the exit check below reports it.
                    break;
                }

                yield return new VideoFrame(index, index / framesPerSecond, width, height, buffer.AsMemory(0, frameBytes));
                index++;
            }

            await process.WaitForSuccessAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Decodes audio as f32le. An input without audio is detected from ffmpeg's own error
    /// ("Output file #0 does not contain any stream") rather than by probing first, which would
    /// cost a second process per file.
    /// </summary>
    private async IAsyncEnumerable<AudioBlock> ReadAudioCoreAsync(
        string[] inputArguments,
        int sampleRate,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            "-nostdin", "-hide_banner", "-loglevel", "error",
            .. inputArguments,
            "-map", "0:a:0?",
            "-vn", "-sn", "-dn",
            "-ac", "1",
            "-ar", sampleRate.ToString(CultureInfo.InvariantCulture),
            "-f", "f32le",
            "pipe:1",
        ];
        var blockSamples = sampleRate;
        var blockBytes = blockSamples * sizeof(float);
        var bytes = ArrayPool<byte>.Shared.Rent(blockBytes);
        var samples = ArrayPool<float>.Shared.Rent(blockSamples);
        try
        {
            await using var process = _runner.Start(MediaTool.Ffmpeg, arguments, cancellationToken);
            long position = 0;
            while (true)
            {
                var read = await process.Output.ReadAtLeastAsync(bytes.AsMemory(0, blockBytes), blockBytes, throwOnEndOfStream: false, cancellationToken)
                    .ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                var count = read / sizeof(float);
                if (count == 0)
                {
                    break;
                }

                // f32le is the machine's own order on every platform .NET ships for (x64, arm64).
                MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, count * sizeof(float))).CopyTo(samples);
                yield return new AudioBlock(position, position / (double)sampleRate, sampleRate, samples.AsMemory(0, count));
                position += count;
                if (read < blockBytes)
                {
                    break;
                }
            }

            var hasNoAudio = false;
            try
            {
                await process.WaitForSuccessAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (MediaToolException ex) when (position == 0 && ex.ErrorTail.Contains("does not contain any stream", StringComparison.Ordinal))
            {
                hasNoAudio = true;
            }

            if (hasNoAudio)
            {
                MediaLog.NoAudioStream(_logger, new ToolArguments(inputArguments));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(samples);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);
}
