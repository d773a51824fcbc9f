using Sage.Media;
using Sage.Server.Jobs;
using Sage.Server.Videos;

namespace Sage.Server.Comparisons;

/// <summary>A rendered difference image, or why there is none.</summary>
public sealed record DifferenceImage(ReadOnlyMemory<byte>? Jpeg, ComparisonProblem? Problem);

/// <summary>
/// The picture of a changed region: A's frame at the region's peak, B's frame at its peak, and |A − B| amplified and
/// tinted, side by side, with the differing boxes drawn on B and on the difference (one ffmpeg run,
/// <see cref="IMediaTools.ExtractDifferenceImageAsync"/>).
/// </summary>
public sealed class DifferenceImages(ComparisonStore comparisons, VideoCatalog videos, VideoInputs inputs, IMediaTools media)
{
    /// <summary>Height of each panel in pixels.</summary>
    public const int Height = 270;

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
        var frames = new DifferenceFrames(
            sourceA.DecoderInput,
            SeekTime(difference.PeakA, probeA),
            sourceB.DecoderInput,
            SeekTime(difference.PeakB, probeB),
            PanelWidth(probeA),
            Height,
            [.. difference.Boxes.Select(box => new FrameBox(box.X, box.Y, box.Width, box.Height))]);
        using var jpeg = new MemoryStream();
        await media.ExtractDifferenceImageAsync(frames, jpeg, cancellationToken).ConfigureAwait(false);
        return new DifferenceImage(jpeg.ToArray(), null);
    }

    /// <summary>A's width at <see cref="Height"/>, even (yuv420 needs it).</summary>
    internal static int PanelWidth(VideoProbe probe) =>
        probe.Width > 0 && probe.Height > 0 ? Math.Max(2, (int)Math.Round(Height * (double)probe.Width / probe.Height / 2) * 2) : Height * 16 / 9;

    /// <summary>Clamped to the last frame: a seek past the end gives no frame at all.</summary>
    private static double SeekTime(double seconds, VideoProbe probe)
    {
        var frame = probe.FramesPerSecond > 0 ? 1 / probe.FramesPerSecond : 0.04;
        return Math.Clamp(seconds, 0, Math.Max(0, probe.DurationSeconds - (2 * frame)));
    }

    private static DifferenceImage Missing(string title, string detail) =>
        new(null, new ComparisonProblem(StatusCodes.Status404NotFound, title, detail));
}
