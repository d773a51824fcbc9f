namespace Sage.Media;

/// <summary>Everything the rest of SAGE asks of ffmpeg/ffprobe. Inputs are local paths or http(s) URLs.</summary>
public interface IMediaTools
{
    /// <summary>
    /// Probes the input. Throws <see cref="UnreadableMediaException"/> with a human reason when it is
    /// not a readable video, <see cref="MediaToolTimeoutException"/> after <see cref="MediaOptions.ProbeTimeout"/>.
    /// </summary>
    Task<VideoProbe> ProbeAsync(string input, CancellationToken cancellationToken);

    /// <summary>Writes one JPEG (at most 640 px wide) of the frame at <paramref name="atSeconds"/> to <paramref name="destination"/>.</summary>
    Task ExtractThumbnailAsync(string input, double atSeconds, Stream destination, CancellationToken cancellationToken);

    /// <summary>Writes one JPEG of <paramref name="frames"/>: A, B and their amplified difference side by side.</summary>
    Task ExtractDifferenceImageAsync(DifferenceFrames frames, Stream destination, CancellationToken cancellationToken);

    /// <summary>
    /// Decodes frames sampled at <paramref name="framesPerSecond"/>, stretched to width x height RGB24.
    /// Each frame's buffer is valid only until the next MoveNextAsync.
    /// </summary>
    IAsyncEnumerable<VideoFrame> ReadFramesAsync(string input, double framesPerSecond, int width, int height, CancellationToken cancellationToken);

    /// <summary>As above, choosing how other aspect ratios are fitted.</summary>
    IAsyncEnumerable<VideoFrame> ReadFramesAsync(string input, double framesPerSecond, int width, int height, FrameFit fit, CancellationToken cancellationToken);

    /// <summary>
    /// Decodes the first audio stream as mono float samples at <paramref name="sampleRate"/>, in blocks
    /// of one second (the last may be shorter). Yields nothing for an input without audio.
    /// Each block's buffer is valid only until the next MoveNextAsync.
    /// </summary>
    IAsyncEnumerable<AudioBlock> ReadAudioAsync(string input, int sampleRate, CancellationToken cancellationToken);

    /// <summary>Decodes every stream and discards the result (ffmpeg -f null): the reference cost of decoding.</summary>
    Task DecodeOnlyAsync(string input, CancellationToken cancellationToken);

    /// <summary>
    /// Transcodes <see cref="ProxyRequest.Input"/> into a web-playable MP4 at <see cref="ProxyRequest.OutputPath"/>,
    /// reporting the fraction done (0..1) from ffmpeg's -progress. Cancelling kills ffmpeg; the partial file is the caller's to delete.
    /// </summary>
    Task TranscodeProxyAsync(ProxyRequest request, IProgress<double>? progress, CancellationToken cancellationToken);
}
