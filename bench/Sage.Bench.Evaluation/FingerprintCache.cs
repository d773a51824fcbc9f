using Sage.Core.Fingerprints;
using Sage.Embeddings.Fingerprints;
using Sage.Media;

namespace Sage.Bench.Evaluation;

/// <summary>
/// Fingerprints videos through <see cref="IVideoFingerprinter"/>, keeping each one with <see cref="FingerprintCodec"/>
/// next to the embeddings (<c>&lt;hash&gt;.fingerprint.v&lt;version&gt;.bin</c>), so each video is decoded for it once.
/// </summary>
/// <remarks>
/// Frame precision is still being written: no fingerprinter registered, or one (or the codec's reader) that throws
/// <see cref="NotImplementedException"/>, means "no fingerprint yet", and the comparison runs at clip precision.
/// A codec that cannot write yet only means the fingerprint is not kept for the next run.
/// </remarks>
internal sealed class FingerprintCache(string folder, IVideoFingerprinter? fingerprinter, IMediaTools media)
{
    private string? unavailable = fingerprinter is null ? "no IVideoFingerprinter is registered" : null;
    private readonly Dictionary<string, VideoFingerprint> kept = new(StringComparer.Ordinal);
    private bool writeMissing;

    /// <summary>Why there are no fingerprints in this run; <see langword="null"/> while there are.</summary>
    public string? Unavailable => unavailable;

    public int Fingerprinted { get; private set; }

    public TimeSpan FingerprintTime { get; private set; }

    public async Task<VideoFingerprint?> GetAsync(string video, CancellationToken cancellationToken)
    {
        if (unavailable is not null || fingerprinter is null)
        {
            return null;
        }

        Directory.CreateDirectory(folder);
        var hash = await FileHash.OfAsync(video, cancellationToken);
        if (kept.TryGetValue(hash, out var known))
        {
            // Pair folders hold copies of the same A: one fingerprint per content, even when the codec cannot store it.
            return known;
        }

        var path = Path.Combine(folder, FormattableString.Invariant($"{hash}.fingerprint.v{VideoFingerprint.Version}.bin"));
        if (File.Exists(path))
        {
            try
            {
                await using var cached = File.OpenRead(path);
                return kept[hash] = FingerprintCodec.Read(cached);
            }
            catch (InvalidDataException)
            {
                // Not a whole fingerprint of this version: computed again below.
            }
            catch (NotImplementedException e)
            {
                return NotYet($"FingerprintCodec.Read: {e.Message}");
            }
        }

        VideoFingerprint fingerprint;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var probe = await media.ProbeAsync(video, cancellationToken);
            fingerprint = await fingerprinter.FingerprintAsync(video, probe, null, cancellationToken);
        }
        catch (NotImplementedException e)
        {
            return NotYet($"IVideoFingerprinter: {e.Message}");
        }

        Fingerprinted++;
        FingerprintTime += System.Diagnostics.Stopwatch.GetElapsedTime(started);
        kept[hash] = fingerprint;
        if (!writeMissing)
        {
            try
            {
                await using (var output = File.Create(path + ".tmp"))
                {
                    FingerprintCodec.Write(fingerprint, output);
                }

                File.Move(path + ".tmp", path, overwrite: true);
            }
            catch (NotImplementedException e)
            {
                writeMissing = true;
                File.Delete(path + ".tmp");
                Console.WriteLine($"Fingerprints are used but not kept ({e.Message}).");
            }
        }

        return fingerprint;
    }

    private VideoFingerprint? NotYet(string reason)
    {
        unavailable = $"{reason} (not implemented yet)";
        Console.WriteLine($"No fingerprints yet: {unavailable}; comparing at clip precision.");
        return null;
    }
}
