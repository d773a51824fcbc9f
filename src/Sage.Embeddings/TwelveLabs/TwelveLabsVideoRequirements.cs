using System.Globalization;
using Sage.Media;

namespace Sage.Embeddings.TwelveLabs;

/// <summary>
/// TwelveLabs' documented video requirements, checked from the probe before anything is sent, so
/// a video that cannot be embedded fails at once with the rule it breaks:
/// 4 s to 2 h (Marengo 2.7) or 4 h (Marengo 3.0); at least 360×360; at most 3840×2160 (2.7) or
/// 5184×2160 (3.0, as the OpenAPI document says) in either orientation; aspect ratio within 2.4:1;
/// an uploaded file at most 2 GB.
/// </summary>
public static class TwelveLabsVideoRequirements
{
    public static void Check(MarengoModel model, VideoProbe probe, long? uploadBytes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(probe);
        var duration = probe.DurationSeconds;
        if (duration < MarengoModel.MinDurationSeconds)
        {
            throw Broken(TwelveLabsVideoRule.DurationTooShort,
                $"The video is {Seconds(duration)} s long; TwelveLabs needs videos of at least {Seconds(MarengoModel.MinDurationSeconds)} s.");
        }

        if (duration > model.MaxDurationSeconds)
        {
            throw Broken(TwelveLabsVideoRule.DurationTooLong,
                $"The video is {Hours(duration)} long ({Seconds(duration)} s); TwelveLabs {model.Name} takes videos up to {Hours(model.MaxDurationSeconds)} ({Seconds(model.MaxDurationSeconds)} s).");
        }

        // Width and height are as displayed, so a portrait video is checked against the portrait limits.
        if (probe.Width > 0 && probe.Height > 0)
        {
            var shortSide = Math.Min(probe.Width, probe.Height);
            var longSide = Math.Max(probe.Width, probe.Height);
            var size = $"{probe.Width}×{probe.Height}";
            if (shortSide < MarengoModel.MinSide)
            {
                throw Broken(TwelveLabsVideoRule.ResolutionTooLow,
                    $"The video is {size}; TwelveLabs needs at least {MarengoModel.MinSide}×{MarengoModel.MinSide}.");
            }

            if (longSide > model.MaxLongSide || shortSide > MarengoModel.MaxShortSide)
            {
                throw Broken(TwelveLabsVideoRule.ResolutionTooHigh,
                    $"The video is {size}; TwelveLabs {model.Name} takes at most {model.MaxLongSide}×{MarengoModel.MaxShortSide} (or {MarengoModel.MaxShortSide}×{model.MaxLongSide} in portrait).");
            }

            if ((double)longSide / shortSide > MarengoModel.MaxAspectRatio + 1e-9)
            {
                throw Broken(TwelveLabsVideoRule.AspectRatio,
                    $"The video is {size}, an aspect ratio of {((double)longSide / shortSide).ToString("0.##", CultureInfo.InvariantCulture)}:1; TwelveLabs takes aspect ratios between 1:2.4 and 2.4:1.");
            }
        }

        if (uploadBytes > MarengoModel.MaxUploadBytes)
        {
            throw Broken(TwelveLabsVideoRule.FileTooLarge,
                $"The video file is {Gigabytes(uploadBytes.Value)} GB; TwelveLabs takes uploaded files up to 2 GB. Use S3 storage, so TwelveLabs fetches the video from a presigned URL instead.");
        }
    }

    /// <summary>"1,260" or "20.5": thousands separators, invariant culture.</summary>
    public static string Seconds(double seconds) => seconds.ToString("#,##0.##", CultureInfo.InvariantCulture);

    private static string Hours(double seconds) => (seconds / 3600).ToString("#,##0.##", CultureInfo.InvariantCulture) + " h";

    private static string Gigabytes(long bytes) => (bytes / 1e9).ToString("#,##0.##", CultureInfo.InvariantCulture);

    private static TwelveLabsException Broken(TwelveLabsVideoRule rule, string message) => TwelveLabsException.NotAccepted(message, rule);
}
