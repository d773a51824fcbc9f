using System.Globalization;
using Microsoft.Extensions.Options;
using Sage.Media;
using Sage.Server.Jobs;
using Sage.Server.Videos;

namespace Sage.Server.Comparisons;

/// <summary>A rendered difference image, or why there is none.</summary>
public sealed record DifferenceImage(ReadOnlyMemory<byte>? Jpeg, ComparisonProblem? Problem);

/// <summary>
/// The picture of a changed region: A's frame at the region's peak, B's frame at its peak, and |A − B| amplified and
/// tinted, side by side, with the differing boxes drawn on B and on the difference. One ffmpeg run: both inputs seek
/// with -ss, both are scaled to A's shape at <see cref="Height"/>, blend=difference, hstack.
/// </summary>
public sealed class DifferenceImages(ComparisonStore comparisons, VideoCatalog videos, VideoInputs inputs, MediaProcessRunner runner, IOptions<MediaOptions> media)
{
    /// <summary>Height of each panel in pixels.</summary>
    public const int Height = 270;

    private const int MaxImageBytes = 8 * 1024 * 1024;

    public async Task<DifferenceImage> RenderAsync(Guid comparisonId, int index, CancellationToken cancellationToken)
    {
        var comparison = await comparisons.FindAsync(comparisonId, cancellationToken).ConfigureAwait(false);
        if (comparison is null)
        {
            return Missing("Comparison not found", $"There is no comparison with id {comparisonId}.");
        }

        if (index < 0 || index >= comparison.Regions.Count)
        {
            return Missing("Region not found", $"Comparison {comparisonId} has {comparison.Regions.Count} regions; there is no region {index}.");
        }

        var region = comparison.Regions[index];
        if (region.Difference is not { } difference)
        {
            return Missing("No difference image", $"Region {index} is {region.Kind} with {comparison.Precision} precision; only changed regions of frame precision have a difference image.");
        }

        var a = await videos.FindAsync(comparison.VideoA.Id, cancellationToken).ConfigureAwait(false);
        var b = await videos.FindAsync(comparison.VideoB.Id, cancellationToken).ConfigureAwait(false);
        if (a?.Probe is not { } probeA || b?.Probe is not { } probeB)
        {
            return Missing("Video not found", "A video of this comparison is gone or was never probed.");
        }

        var sourceA = await inputs.ResolveAsync(a.StorageKey, a.FileName, cancellationToken).ConfigureAwait(false);
        var sourceB = await inputs.ResolveAsync(b.StorageKey, b.FileName, cancellationToken).ConfigureAwait(false);
        var width = PanelWidth(probeA);
        string[] arguments =
        [
            "-nostdin", "-hide_banner", "-loglevel", "error",
            "-ss", Seconds(SeekTime(difference.PeakA, probeA)), .. InputArguments(sourceA.DecoderInput),
            "-ss", Seconds(SeekTime(difference.PeakB, probeB)), .. InputArguments(sourceB.DecoderInput),
            "-filter_complex", Filter(width, difference.Boxes),
            "-map", "[out]",
            "-frames:v", "1",
            "-q:v", "4",
            "-f", "image2pipe",
            "-c:v", "mjpeg",
            "pipe:1",
        ];
        var result = await runner.RunAsync(MediaTool.Ffmpeg, arguments, media.Value.ThumbnailTimeout, MaxImageBytes, cancellationToken).ConfigureAwait(false);
        if (result.Output.IsEmpty)
        {
            throw new MediaToolException("ffmpeg", 0, result.ErrorTail, "ffmpeg produced no difference image");
        }

        return new DifferenceImage(result.Output, null);
    }

    /// <summary>A's width at <see cref="Height"/>, even (yuv420 needs it).</summary>
    internal static int PanelWidth(VideoProbe probe) =>
        probe.Width > 0 && probe.Height > 0 ? Math.Max(2, (int)Math.Round(Height * (double)probe.Width / probe.Height / 2) * 2) : Height * 16 / 9;

    /// <summary>
    /// Both panels are <paramref name="width"/>×<see cref="Height"/> (B stretched to A's shape, so the difference is
    /// pixel to pixel); the difference is grey, amplified 4× and tinted orange, so small changes show.
    /// </summary>
    internal static string Filter(int width, IReadOnlyList<DifferenceBox> boxes)
    {
        var size = $"{width}:{Height}";
        var drawn = string.Concat(boxes.Select(box => string.Create(CultureInfo.InvariantCulture,
            $",drawbox=x={box.X * width:0}:y={box.Y * Height:0}:w={Math.Max(2, box.Width * width):0}:h={Math.Max(2, box.Height * Height):0}:color=yellow@0.9:t=2")));
        return
            $"[0:v]scale={size},setsar=1,format=rgb24,split=2[a][a2];" +
            $"[1:v]scale={size},setsar=1,format=rgb24,split=2[b][b2];" +
            "[a2][b2]blend=all_mode=difference,format=gray,lut=y='min(255,val*4)',format=rgb24," +
            $"colorchannelmixer=rr=1:rg=0:rb=0:gr=0.6:gg=0:gb=0:br=0.1:bg=0:bb=0{drawn}[d];" +
            $"[b]null{drawn}[bd];" +
            "[a][bd][d]hstack=inputs=3,format=yuvj420p[out]";
    }

    /// <summary>Clamped to the last frame: a seek past the end gives no frame at all.</summary>
    private static double SeekTime(double seconds, VideoProbe probe)
    {
        var frame = probe.FramesPerSecond > 0 ? 1 / probe.FramesPerSecond : 0.04;
        return Math.Clamp(seconds, 0, Math.Max(0, probe.DurationSeconds - (2 * frame)));
    }

    /// <summary>
    /// The same protocol whitelist Sage.Media puts on every input (its MediaInput is internal): a local file only via
    /// file:, a URL only via http(s). Local paths are made absolute so "name:rest" is never read as a protocol.
    /// </summary>
    private static string[] InputArguments(string input) =>
        Uri.TryCreate(input, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? ["-protocol_whitelist", "http,https,tcp,tls", "-rw_timeout", "30000000", "-i", uri.AbsoluteUri]
            : ["-protocol_whitelist", "file", "-i", Path.GetFullPath(input)];

    private static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static DifferenceImage Missing(string title, string detail) =>
        new(null, new ComparisonProblem(StatusCodes.Status404NotFound, title, detail));
}
