namespace Sage.Bench.Evaluation;

/// <summary>
/// The built-in evaluation set under one root: <c>_sources/</c> (synthetic sources, shared), <c>_real/</c> (real camera
/// footage), <c>_speech/</c> (voice lines), and one folder per split (<c>dev/</c> seed 1, <c>test/</c> seed 2) of pair
/// folders. Files already present are kept (delete a folder to regenerate it).
/// </summary>
internal sealed class EvaluationSet(string root)
{
    public static readonly IReadOnlyDictionary<string, int> Seeds = new Dictionary<string, int>(StringComparer.Ordinal) { ["dev"] = 1, ["test"] = 2 };

    public string SplitFolder(string split) => Path.Combine(root, split);

    public async Task GenerateAsync(string split, CancellationToken cancellationToken)
    {
        var sources = new SyntheticSources(Path.Combine(root, "_sources"));
        var real = new RealFootage(Path.Combine(root, "_real"));
        var speech = new SpeechLines(Path.Combine(root, "_speech"));
        var folder = SplitFolder(split);
        Directory.CreateDirectory(folder);
        var writer = new PairWriter(folder);
        Console.WriteLine($"Split {split} (seed {Seeds[split]}) into {folder}; voice lines: {SpeechLines.Voice}; supers: {(Media.Font is null ? "drawbox (no font found)" : "drawtext, DejaVu Sans Bold")}.");
        await GridPairs.WriteAsync(sources, writer, split, cancellationToken);
        await new EditedPairs(sources, real, speech, writer, folder, Seeds[split]).WriteAsync(cancellationToken);
        if (real.Unavailable is { } why)
        {
            Console.WriteLine($"Split {split}: the real-footage pairs were skipped: {why}.");
        }
    }
}
