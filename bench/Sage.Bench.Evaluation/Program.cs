using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sage.Bench.Evaluation;
using Sage.Core.Comparison;
using Sage.Core.Embeddings;
using Sage.Embeddings;
using Sage.Embeddings.TwelveLabs;
using Sage.Media;

// Evaluates where-do-they-differ on pairs with known edits, for one engine, in both comparison modes, over a sweep
// of thresholds. Usage:
//   dotnet run -c Release --project bench/Sage.Bench.Evaluation -- [--generate] [--pairs <folder>] [--engine local]
//       [--clip-length 2] [--thresholds 0.01,0.02,...] [--Sage:LocalEngine:FramesPerSecond=2 ...]
// A pair folder holds a.<ext>, b.<ext> and truth.json (see PairTruth); --generate writes the built-in set first.
string? pairsArgument = null;
var engineName = "local";
var generate = false;
var clipLength = 2.0;
double[] thresholds =
[
    0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.045, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4,
];
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
        case "--clip-length":
            clipLength = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--thresholds":
            thresholds = [.. args[++i].Split(',').Select(t => double.Parse(t, CultureInfo.InvariantCulture))];
            break;
        default:
            settings.Add(args[i]);
            break;
    }
}

var pairsFolder = Path.GetFullPath(pairsArgument ?? Path.Combine(FindRepositoryRoot(), "bench", "out", "eval"));
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

if (generate)
{
    Console.WriteLine($"Generating the built-in pairs into {pairsFolder} (kept if present) ...");
    await new EvaluationSet(pairsFolder).GenerateAsync(CancellationToken.None);
}

var pairs = Directory.EnumerateDirectories(pairsFolder)
    .Where(d => File.Exists(Path.Combine(d, PairTruth.FileName)))
    .Order(StringComparer.Ordinal)
    .Select(d => (Folder: d, Truth: PairTruth.Read(Path.Combine(d, PairTruth.FileName))))
    .ToList();
if (pairs.Count == 0)
{
    Console.Error.WriteLine($"No pair folders with {PairTruth.FileName} under {pairsFolder}; run with --generate.");
    return 1;
}

var cache = new EmbeddingCache(Path.Combine(pairsFolder, ".embeddings"), engine, media, clipLength);
var results = new List<(PairTruth Truth, ComparisonMode Mode, ComparisonResult Result)>();
foreach (var (folder, truth) in pairs)
{
    var a = await cache.GetAsync(FindVideo(folder, "a"), CancellationToken.None);
    var b = await cache.GetAsync(FindVideo(folder, "b"), CancellationToken.None);
    foreach (var mode in (ComparisonMode[])[ComparisonMode.Aligned, ComparisonMode.Index])
    {
        // The path never depends on the threshold, so one comparison per mode is re-classified for the sweep.
        results.Add((truth, mode, VideoComparer.Compare(a, b, new ComparisonOptions(mode, null), CancellationToken.None)));
    }
}

Console.WriteLine(FormattableString.Invariant(
    $"Engine {engine.Name}, clip length {clipLength} s: {pairs.Count} pairs ({pairs.Count(p => p.Truth.IsControl)} controls); embedded {cache.Embedded} videos in {cache.EmbeddingTime.TotalSeconds:F1} s (others cached)."));

var rows = new List<SweepRow>();
foreach (var mode in (ComparisonMode[])[ComparisonMode.Aligned, ComparisonMode.Index])
{
    rows.Add(Evaluate(mode, null));
    rows.AddRange(thresholds.Select(t => Evaluate(mode, t)));
}

var report = new StringBuilder();
report.AppendLine("| mode | threshold | precision | recall | F1 | matched / truths | reported | control false regions |");
report.AppendLine("|---|---|---|---|---|---|---|---|");
foreach (var row in rows)
{
    report.AppendLine(row.ToMarkdown());
}

// The default is picked among fixed thresholds and the automatic rule alike: best F1 in aligned mode with no false
// region on the controls. Among equally good fixed thresholds the middle one leaves the most margin either side.
var eligible = rows.Where(r => r.Mode == ComparisonMode.Aligned && r.ControlFalseRegions == 0).ToList();
var bestFixed = BestOf(eligible.Where(r => r.Threshold is not null).ToList());
var automatic = eligible.FirstOrDefault(r => r.Threshold is null);
var chosen = automatic is not null && (bestFixed is null || automatic.F1 > bestFixed.Value.Row.F1 + 1e-9) ? automatic : bestFixed?.Row;
report.AppendLine();
report.AppendLine(bestFixed is { } best
    ? FormattableString.Invariant($"Best fixed threshold with zero control false regions (aligned): {best.Row.Threshold} (F1 {best.Row.F1:F3}; {best.Tied} tied, {best.Low}–{best.High}).")
    : "No fixed threshold gives zero false regions on the controls.");
report.AppendLine(automatic is not null
    ? FormattableString.Invariant($"Automatic threshold (median + 5·MAD per pair), aligned: F1 {automatic.F1:F3}, zero control false regions.")
    : "The automatic threshold reports false regions on the controls.");
report.AppendLine(chosen is null
    ? "Nothing qualifies as a default."
    : FormattableString.Invariant($"Chosen default for '{engine.Name}': {(chosen.Threshold is { } ct ? ct.ToString(CultureInfo.InvariantCulture) : "auto")} (aligned F1 {chosen.F1:F3}, precision {chosen.Precision:F3}, recall {chosen.Recall:F3})."));

foreach (var shown in new[] { automatic, bestFixed?.Row }.OfType<SweepRow>())
{
    var label = shown.Threshold is { } st ? st.ToString(CultureInfo.InvariantCulture) : "auto";
    report.AppendLine();
    report.AppendLine($"Per pair at threshold {label} (aligned | index): matched/truths, then the non-same regions reported");
    report.AppendLine();
    foreach (var group in results.GroupBy(r => r.Truth.Name))
    {
        var line = new StringBuilder(FormattableString.Invariant($"- {group.Key} ({group.First().Truth.Edit}): "));
        foreach (var (truth, mode, result) in group)
        {
            var reclassified = shown.Threshold is { } t ? VideoComparer.Reclassify(result, t) : result;
            var nonSame = reclassified.Regions.Where(r => r.Kind != RegionKind.Same).ToList();
            var score = RegionScorer.Score(truth, reclassified);
            line.Append(mode == ComparisonMode.Aligned ? "" : " | ");
            line.Append(FormattableString.Invariant($"{score.Matched}/{score.Truths} "));
            line.Append(nonSame.Count == 0 ? "(none)" : string.Join(", ", nonSame.Select(Describe)));
            if (mode == ComparisonMode.Aligned)
            {
                line.Append(FormattableString.Invariant($" (threshold {reclassified.Threshold:0.###}) "));
                line.Append(DistanceSummary(truth, result));
            }
        }

        report.AppendLine(line.ToString());
    }
}

Console.WriteLine();
Console.WriteLine(report);
var reportPath = Path.Combine(pairsFolder, $"results-{engine.Name}.md");
await File.WriteAllTextAsync(reportPath, report.ToString());
Console.WriteLine($"Written to {reportPath}");
return 0;

SweepRow Evaluate(ComparisonMode mode, double? threshold)
{
    int truths = 0, reported = 0, matched = 0, controlFalse = 0;
    foreach (var (truth, resultMode, result) in results.Where(r => r.Mode == mode))
    {
        var classified = threshold is { } t ? VideoComparer.Reclassify(result, t) : result;
        var score = RegionScorer.Score(truth, classified);
        if (truth.IsControl)
        {
            controlFalse += score.Reported;
        }
        else
        {
            truths += score.Truths;
            reported += score.Reported;
            matched += score.Matched;
        }
    }

    return new SweepRow(mode, threshold, truths, reported, matched, controlFalse);
}

static (SweepRow Row, int Tied, double? Low, double? High)? BestOf(List<SweepRow> candidates)
{
    if (candidates.Count == 0)
    {
        return null;
    }

    var best = candidates.Max(r => r.F1);
    var tied = candidates.Where(r => r.F1 >= best - 1e-9).OrderBy(r => r.Threshold).ToList();
    return (tied[(tied.Count - 1) / 2], tied.Count, tied[0].Threshold, tied[^1].Threshold);
}

static string Describe(Region region) => region.Kind switch
{
    RegionKind.Inserted => FormattableString.Invariant($"inserted B {region.BStart:0.#}–{region.BEnd:0.#}"),
    RegionKind.Removed => FormattableString.Invariant($"removed A {region.AStart:0.#}–{region.AEnd:0.#}"),
    _ => FormattableString.Invariant($"changed A {region.AStart:0.#}–{region.AEnd:0.#} ({string.Join(" ", region.OptionMeanDistances.Select(o => $"{o.Key} {o.Value:F3}"))})"),
};



// Largest per-option distance of paired clips inside the truth's regions (A time) and outside them: whether a
// threshold can separate the edit from encoding noise at all.
static string DistanceSummary(PairTruth truth, ComparisonResult result)
{
    var parts = new List<string>();
    for (var o = 0; o < result.Options.Count; o++)
    {
        double inside = 0, outside = 0;
        foreach (var step in result.Steps.Where(s => s.OptionDistances is not null))
        {
            var overlaps = truth.Expected.Any(e => step.AStart < Math.Max(e.AEnd, e.AStart + 0.001) && step.AEnd > e.AStart);
            if (overlaps)
            {
                inside = Math.Max(inside, step.OptionDistances![o]);
            }
            else
            {
                outside = Math.Max(outside, step.OptionDistances![o]);
            }
        }

        parts.Add(FormattableString.Invariant($"{result.Options[o]} max in {inside:F4} / out {outside:F4}"));
    }

    var combined = result.Steps.Where(s => s.Distance is not null).Select(s => s.Distance!.Value).ToList();
    return FormattableString.Invariant($"[{string.Join("; ", parts)}; combined median {Median(combined):F4}]");
}

static double Median(List<double> values)
{
    if (values.Count == 0)
    {
        return 0;
    }

    values.Sort();
    return values[values.Count / 2];
}

static string FindVideo(string folder, string name) =>
    Directory.EnumerateFiles(folder, name + ".*").FirstOrDefault(f => !f.EndsWith(".tmp.mp4", StringComparison.Ordinal))
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

/// <summary>Micro-averaged scores of one mode at one threshold (null: automatic) over the edited pairs, plus the controls' false regions.</summary>
internal sealed record SweepRow(ComparisonMode Mode, double? Threshold, int Truths, int Reported, int Matched, int ControlFalseRegions)
{
    public double Precision => Reported == 0 ? 0 : (double)Matched / Reported;

    public double Recall => Truths == 0 ? 0 : (double)Matched / Truths;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public string ToMarkdown() => FormattableString.Invariant(
        $"| {Mode.ToString().ToLowerInvariant()} | {(Threshold is { } t ? t.ToString("0.###", CultureInfo.InvariantCulture) : "auto")} | {Precision:F3} | {Recall:F3} | {F1:F3} | {Matched} / {Truths} | {Reported} | {ControlFalseRegions} |");
}
