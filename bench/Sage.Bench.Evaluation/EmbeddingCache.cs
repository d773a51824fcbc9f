using System.Text.Json;
using Sage.Core.Embeddings;
using Sage.Embeddings;
using Sage.Media;

namespace Sage.Bench.Evaluation;

/// <summary>
/// Embeds videos with one engine, keeping each set as JSON under <c>.embeddings/</c> keyed by the file's SHA-256,
/// engine and clip length, so a re-run (new thresholds, new scoring) does not embed again and shared A files are
/// embedded once.
/// </summary>
internal sealed class EmbeddingCache(string folder, IEmbeddingEngine engine, IMediaTools media, double clipLength)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public int Embedded { get; private set; }

    public TimeSpan EmbeddingTime { get; private set; }

    public async Task<EmbeddingSet> GetAsync(string video, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var hash = await FileHash.OfAsync(video, cancellationToken);

        var path = Path.Combine(folder, FormattableString.Invariant($"{hash}.{engine.Name}.{clipLength:0.##}s.json"));
        if (File.Exists(path))
        {
            await using var cached = File.OpenRead(path);
            return (await JsonSerializer.DeserializeAsync<EmbeddingSet>(cached, Json, cancellationToken))!;
        }

        var probe = await media.ProbeAsync(video, cancellationToken);
        var request = new EmbeddingRequest { Source = VideoSource.FromFile(video), Probe = probe, ClipLengthSeconds = clipLength };
        var result = await engine.EmbedAsync(request, null, cancellationToken);
        Embedded++;
        EmbeddingTime += result.Elapsed;
        await using (var output = File.Create(path + ".tmp"))
        {
            await JsonSerializer.SerializeAsync(output, result.Set, Json, cancellationToken);
        }

        File.Move(path + ".tmp", path, overwrite: true);
        return result.Set;
    }
}
