using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sage.Bench.Evaluation;
using Sage.Core.Comparison;
using Sage.Embeddings;
using Sage.Embeddings.Fingerprints;
using Sage.Embeddings.TwelveLabs;
using Sage.Media;

// Evaluates where-do-they-differ on pairs with known edits, for one engine, in both comparison modes. Usage:
//   dotnet run -c Release --project bench/Sage.Bench.Evaluation -- [--generate] [--split dev|test|all] [--pairs <folder>]
//       [--engine local] [--clip-length 2] [--sweep [0.01,0.02,...]] [--Sage:LocalEngine:FramesPerSecond=2 ...]
// --split picks bench/out/eval/<split>/ (default test, the headline; tune on dev only). --pairs evaluates any folder of
// pair folders instead (each holds a.<ext>, b.<ext> and truth.json, see PairTruth). --generate writes the built-in set
// first. --sweep adds the old fixed-threshold sweep (clip precision only: it re-classifies the clip path).
var wall = Stopwatch.StartNew();
string? pairsArgument = null;
var engineName = "local";
var generate = false;
var split = "test";
var clipLength = 2.0;
double[]? sweep = null;
var settings = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--pairs":
            pairsArgument = args[++i];
            break;
        case "--engine":
            engineName = args[++i];
            break;
        case "--generate":
            generate = true;
            break;
        case "--split":
            split = args[++i];
            break;
        case "--clip-length":
            clipLength = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--sweep":
            sweep = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? [.. args[++i].Split(',').Select(t => double.Parse(t, CultureInfo.InvariantCulture))]
                : [0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3];
            break;
        default:
            settings.Add(args[i]);
            break;
    }
}

string[] splits = split switch
{
    "dev" or "test" => [split],
    "all" => ["dev", "test"],
    _ => throw new ArgumentException($"--split must be dev, test or all, not '{split}'."),
};
var root = Path.Combine(FindRepositoryRoot(), "bench", "out", "eval");
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine([.. settings]).Build();
await using var services = new ServiceCollection()
    .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
    .AddSingleton<IConfiguration>(configuration)
    .AddSageMedia(configuration)
    .AddSageEmbeddings(configuration)
    .AddTwelveLabs(configuration)
    .BuildServiceProvider();
var engine = services.GetRequiredService<EmbeddingEngines>().Get(engineName);
var media = services.GetRequiredService<IMediaTools>();

var set = new EvaluationSet(root);
var generation = Stopwatch.StartNew();
if (generate && pairsArgument is null)
{
    foreach (var s in splits)
    {
        await set.GenerateAsync(s, CancellationToken.None);
    }
}

generation.Stop();
var folders = pairsArgument is not null
    ? [(Split: Path.GetFileName(Path.GetFullPath(pairsArgument)), Folder: Path.GetFullPath(pairsArgument))]
    : splits.Select(s => (Split: s, Folder: set.SplitFolder(s))).ToArray();
var pairs = folders
    .Where(f => Directory.Exists(f.Folder))
    .SelectMany(f => Directory.EnumerateDirectories(f.Folder)
        .Where(d => File.Exists(Path.Combine(d, PairTruth.FileName)))
        .Order(StringComparer.Ordinal)
        .Select(d => (f.Split, Folder: d, Truth: PairTruth.Read(Path.Combine(d, PairTruth.FileName)))))
    .ToList();
if (pairs.Count == 0)
{
    Console.Error.WriteLine($"No pair folders with {PairTruth.FileName} under {string.Join(", ", folders.Select(f => f.Folder))}; run with --generate.");
    return 1;
}

var cacheFolder = Path.Combine(root, ".embeddings");
var embeddings = new EmbeddingCache(cacheFolder, engine, media, clipLength);
var fingerprints = new FingerprintCache(cacheFolder, services.GetService<IVideoFingerprinter>(), media);
var results = new List<Outcome>();
var comparing = TimeSpan.Zero;
foreach (var (pairSplit, folder, truth) in pairs)
{
    var a = await InputAsync(FindVideo(folder, "a"));
    var b = await InputAsync(FindVideo(folder, "b"));
    foreach (var mode in (ComparisonMode[])[ComparisonMode.Aligned, ComparisonMode.Index])
    {
        var started = Stopwatch.GetTimestamp();
        var result = VideoComparer.Compare(a, b, new ComparisonOptions(mode, null), CancellationToken.None);
        comparing += Stopwatch.GetElapsedTime(started);
        results.Add(new Outcome(pairSplit, truth, mode, result, RegionScorer.Score(truth, result)));
    }
}

var report = new StringBuilder();
report.AppendLine(FormattableString.Invariant(
    $"Engine {engine.Name}, clip length {clipLength} s; {pairs.Count} pairs ({pairs.Count(p => p.Truth.IsControl)} controls) in {string.Join(", ", folders.Select(f => f.Split))}."));
report.AppendLine(FormattableString.Invariant(
    $"Precision used: {string.Join("; ", results.GroupBy(r => r.Mode).Select(g => $"{Name(g.Key)} {string.Join(", ", g.GroupBy(r => r.Result.Precision).Select(p => $"{p.Key} ×{p.Count()}"))}"))}{(fingerprints.Unavailable is { } why ? $" (no fingerprints: {why})" : "")}."));
report.AppendLine(FormattableString.Invariant(
    $"Time: {wall.Elapsed.TotalSeconds:F0} s in all; generation {generation.Elapsed.TotalSeconds:F0} s; embedded {embeddings.Embedded} videos in {embeddings.EmbeddingTime.TotalSeconds:F0} s, fingerprinted {fingerprints.Fingerprinted} in {fingerprints.FingerprintTime.TotalSeconds:F0} s (others cached); comparisons {comparing.TotalSeconds:F1} s."));
foreach (var group in results.GroupBy(r => r.Split))
{
    report.AppendLine();
    report.AppendLine($"### Split {group.Key}");
    report.AppendLine();
    report.AppendLine("| category | mode | pairs | truths | predicted | matched truths | precision | recall | F1 | boundary error median / p90 (s) | control false regions |");
    report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
    foreach (var category in group.Select(r => r.Truth.Category).Distinct().Order(StringComparer.Ordinal))
    {
        foreach (var mode in (ComparisonMode[])[ComparisonMode.Aligned, ComparisonMode.Index])
        {
            report.AppendLine(Row(category, mode, group.Where(r => r.Truth.Category == category && r.Mode == mode).ToList()));
        }
    }

    foreach (var mode in (ComparisonMode[])[ComparisonMode.Aligned, ComparisonMode.Index])
    {
        report.AppendLine(Row("**all but grid**", mode, group.Where(r => r.Truth.Category != "grid" && r.Mode == mode).ToList()));
    }

    foreach (var mode in (ComparisonMode[])[ComparisonMode.Aligned, ComparisonMode.Index])
    {
        report.AppendLine(Row("**overall**", mode, group.Where(r => r.Mode == mode).ToList()));
    }

    var agreements = group.Where(r => r.Mode == ComparisonMode.Aligned)
        .SelectMany(r => r.Score.Matches.SelectMany(m => m.Truths.Select(t => RegionScorer.DifferenceAgrees(t, m.Predicted))))
        .OfType<bool>().ToList();
    report.AppendLine();
    report.AppendLine(agreements.Count == 0
        ? "What differs (picture/sound): no matched changed region carries a difference yet (clip precision)."
        : $"What differs (picture/sound) agrees with the truth on {agreements.Count(x => x)} of {agreements.Count} matched changed regions (aligned).");
}

report.AppendLine();
report.AppendLine("Per pair (aligned | index): matched truths / truths, then the non-same regions reported");
report.AppendLine();
foreach (var pair in results.GroupBy(r => (r.Split, r.Truth.Name)))
{
    var first = pair.First();
    var line = new StringBuilder(FormattableString.Invariant(
        $"- {first.Split}/{first.Truth.Name} [{first.Truth.Category}] {first.Truth.Description}; truth: {(first.Truth.IsControl ? "none" : string.Join(", ", first.Truth.Expected.Select(DescribeTruth)))}. "));
    foreach (var outcome in pair)
    {
        var nonSame = outcome.Result.Regions.Where(r => r.Kind != RegionKind.Same).ToList();
        line.Append(outcome.Mode == ComparisonMode.Aligned ? "" : " | ");
        line.Append(FormattableString.Invariant($"{outcome.Score.MatchedTruths}/{outcome.Score.Truths}: "));
        line.Append(nonSame.Count == 0 ? "(none)" : string.Join(", ", nonSame.Select(Describe)));
    }

    report.AppendLine(line.ToString());
}

if (sweep is not null)
{
    report.AppendLine();
    report.AppendLine("Threshold sweep (clip path re-classified: clip precision), edited pairs / controls:");
    report.AppendLine();
    report.AppendLine("| mode | threshold | precision | recall | F1 | control false regions |");
    report.AppendLine("|---|---|---|---|---|---|");
    foreach (var mode in (ComparisonMode[])[ComparisonMode.Aligned, ComparisonMode.Index])
    {
        foreach (var threshold in sweep)
        {
            var scores = results.Where(r => r.Mode == mode)
                .Select(r => (r.Truth, Score: RegionScorer.Score(r.Truth, VideoComparer.Reclassify(r.Result, threshold)))).ToList();
            var edited = Totals.Of(scores.Where(s => !s.Truth.IsControl).Select(s => s.Score));
            var controlFalse = scores.Where(s => s.Truth.IsControl).Sum(s => s.Score.Predictions);
            report.AppendLine(FormattableString.Invariant(
                $"| {Name(mode)} | {threshold:0.###} | {edited.Precision:F3} | {edited.Recall:F3} | {edited.F1:F3} | {controlFalse} |"));
        }
    }
}

Console.WriteLine();
Console.WriteLine(report);
var reportPath = Path.Combine(root, $"results-{engine.Name}-{(pairsArgument is null ? split : "pairs")}.md");
Directory.CreateDirectory(root);
await File.WriteAllTextAsync(reportPath, report.ToString());
Console.WriteLine($"Written to {reportPath}");
return 0;

async Task<ComparisonInput> InputAsync(string video) =>
    new(await embeddings.GetAsync(video, CancellationToken.None), await fingerprints.GetAsync(video, CancellationToken.None));

static string Row(string category, ComparisonMode mode, List<Outcome> outcomes)
{
    var edited = Totals.Of(outcomes.Where(o => !o.Truth.IsControl).Select(o => o.Score));
    var controls = outcomes.Where(o => o.Truth.IsControl).ToList();
    var errors = outcomes.SelectMany(o => o.Score.BoundaryErrors).Order().ToList();
    var boundary = errors.Count == 0 ? "–" : FormattableString.Invariant($"{Quantile(errors, 0.5):F2} / {Quantile(errors, 0.9):F2}");
    var controlCell = controls.Count == 0 ? "–" : FormattableString.Invariant($"{controls.Sum(c => c.Score.Predictions)} (on {controls.Count} controls)");
    var pairCount = outcomes.Count;
    return edited.Truths == 0
        ? FormattableString.Invariant($"| {category} | {Name(mode)} | {pairCount} | – | – | – | – | – | – | – | {controlCell} |")
        : FormattableString.Invariant(
            $"| {category} | {Name(mode)} | {pairCount} | {edited.Truths} | {edited.Predictions} | {edited.MatchedTruths} | {edited.Precision:F3} | {edited.Recall:F3} | {edited.F1:F3} | {boundary} | {controlCell} |");
}

// Linear interpolation between order statistics (the usual "type 7" quantile).
static double Quantile(List<double> sorted, double q)
{
    var position = q * (sorted.Count - 1);
    var low = (int)Math.Floor(position);
    var high = Math.Min(low + 1, sorted.Count - 1);
    return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
}

static string Name(ComparisonMode mode) => mode.ToString().ToLowerInvariant();

static string DescribeTruth(TruthRegion t) => t.Kind switch
{
    RegionKind.Inserted => FormattableString.Invariant($"inserted B {t.BStart:0.##}–{t.BEnd:0.##}"),
    RegionKind.Removed => FormattableString.Invariant($"removed A {t.AStart:0.##}–{t.AEnd:0.##}"),
    RegionKind.Moved => FormattableString.Invariant($"moved A {t.AStart:0.##}–{t.AEnd:0.##} → B {t.BStart:0.##}–{t.BEnd:0.##}"),
    _ => FormattableString.Invariant($"changed A {t.AStart:0.##}–{t.AEnd:0.##} ({t.What?.ToString().ToLowerInvariant()})"),
};

static string Describe(Region region) => region.Kind switch
{
    RegionKind.Inserted => FormattableString.Invariant($"inserted B {region.BStart:0.##}–{region.BEnd:0.##}"),
    RegionKind.Removed => FormattableString.Invariant($"removed A {region.AStart:0.##}–{region.AEnd:0.##}"),
    RegionKind.Moved => FormattableString.Invariant($"moved A {region.AStart:0.##}–{region.AEnd:0.##} → B {region.BStart:0.##}–{region.BEnd:0.##}"),
    _ => FormattableString.Invariant(
        $"changed A {region.AStart:0.##}–{region.AEnd:0.##} ({(region.Difference is { } d ? $"{(d.Picture ? "picture " : "")}{(d.Sound ? "sound" : "")}".Trim() : string.Join(" ", region.OptionMeanDistances.Select(o => $"{o.Key} {o.Value:F3}")))})"),
};

static string FindVideo(string folder, string name) =>
    Directory.EnumerateFiles(folder, name + ".*").FirstOrDefault(f => !f.Contains(".tmp", StringComparison.Ordinal))
    ?? throw new FileNotFoundException($"No video '{name}.*' in {folder}.");

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Sage.slnx")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}

/// <summary>One pair compared in one mode, and its score.</summary>
internal sealed record Outcome(string Split, PairTruth Truth, ComparisonMode Mode, ComparisonResult Result, PairScore Score);

/// <summary>Micro-averaged totals over pairs: precision counts matched predictions, recall matched truths.</summary>
internal sealed record Totals(int Truths, int Predictions, int MatchedTruths, int MatchedPredictions)
{
    public double Precision => Predictions == 0 ? 0 : (double)MatchedPredictions / Predictions;

    public double Recall => Truths == 0 ? 0 : (double)MatchedTruths / Truths;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static Totals Of(IEnumerable<PairScore> scores)
    {
        var list = scores.ToList();
        return new Totals(list.Sum(s => s.Truths), list.Sum(s => s.Predictions), list.Sum(s => s.MatchedTruths), list.Sum(s => s.MatchedPredictions));
    }
}
