using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sage.Cli.Uploads;

namespace Sage.Cli;

/// <summary>The commands; each parses, calls the API, and maps the outcome to an exit code.</summary>
internal static class Commands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static readonly Option<string> FormatOption = new("--format")
    {
        Description = "table, json or csv.",
        DefaultValueFactory = _ => "table",
        Recursive = true,
    };

    public static void AddAll(RootCommand root, CliConsole console)
    {
        FormatOption.AcceptOnlyFromAmong("table", "json", "csv");
        root.Add(FormatOption);
        root.Add(Upload(console));
        root.Add(List(console));
        root.Add(Show(console));
        root.Add(Remove(console));
        root.Add(Rerun(console));
        root.Add(Compare(console));
        root.Add(Events(console));
    }

    /// <summary>Follows the server's SSE stream, one line per event: its type and JSON data.</summary>
    private static Command Events(CliConsole console)
    {
        var command = new Command("events", "Follow the live event stream (Ctrl+C to stop).");
        command.SetAction((parse, cancellationToken) => WithApiAsync(parse, console, async (api, _) =>
        {
            using var response = await api.Http.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ServerProblemException(await Problem.ReadAsync(response, cancellationToken).ConfigureAwait(false));
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
            var type = "message";
            try
            {
                while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                {
                    if (line.StartsWith("event: ", StringComparison.Ordinal))
                    {
                        type = line["event: ".Length..];
                    }
                    else if (line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        await console.Out.WriteLineAsync($"{type} {line["data: ".Length..]}").ConfigureAwait(false);
                        await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                        type = "message";
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: a normal end.
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Upload(CliConsole console)
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Video files to upload." };
        var parallel = new Option<int>("--parallel") { Description = "Files uploaded at once.", DefaultValueFactory = _ => 2 };
        var wait = new Option<bool>("--wait") { Description = "Wait until each video's embedding is ready." };
        var chunk = new Option<int>("--chunk-size") { Description = "Bytes per PATCH (default 8 MiB).", DefaultValueFactory = _ => 8 * 1024 * 1024 };
        var command = new Command("upload", "Upload videos over tus, resumably.") { files, parallel, wait, chunk };
        command.SetAction((parse, cancellationToken) => WithApiAsync(parse, console, async (api, settings) =>
        {
            var paths = parse.GetValue(files)!;
            foreach (var path in paths)
            {
                await VideoFileCheck.EnsureVideoAsync(path, cancellationToken).ConfigureAwait(false);
            }

            var uploader = new FileUploader(api.Http, settings.Server, new UploadState(settings.StateDirectory), Math.Max(64 * 1024, parse.GetValue(chunk)));
            var ids = await UploadAllAsync(uploader, paths, Math.Max(1, parse.GetValue(parallel)), console, cancellationToken).ConfigureAwait(false);
            foreach (var (path, id) in paths.Zip(ids))
            {
                if (parse.GetValue(wait))
                {
                    await api.WaitForEmbeddingAsync(id, cancellationToken).ConfigureAwait(false);
                }

                await console.Out.WriteLineAsync($"{id}\t{path}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    internal static async Task<Guid[]> UploadAllAsync(FileUploader uploader, string[] paths, int parallel, CliConsole console, CancellationToken cancellationToken)
    {
        var ids = new Guid[paths.Length];
        var progress = new PlainProgress(console.Error);
        await Parallel.ForEachAsync(Enumerable.Range(0, paths.Length), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var length = new FileInfo(paths[i]).Length;
            ids[i] = await uploader.UploadAsync(paths[i], new Progress<long>(offset => progress.Report(paths[i], offset, length)), token).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return ids;
    }

    private static Command List(CliConsole console)
    {
        var command = new Command("ls", "List videos.");
        command.SetAction((parse, cancellationToken) => WithApiAsync(parse, console, async (api, _) =>
        {
            var videos = await api.GetAsync("api/videos", cancellationToken).ConfigureAwait(false);
            var format = parse.GetValue(FormatOption);
            if (format == "json")
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(videos, Indented)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var separator = format == "csv" ? "," : "\t";
            await console.Out.WriteLineAsync(string.Join(separator, "id", "fileName", "size", "status", "embedding")).ConfigureAwait(false);
            foreach (var v in videos.EnumerateArray())
            {
                var embedding = v.TryGetProperty("embedding", out var e) && e.ValueKind == JsonValueKind.Object ? e.GetProperty("status").GetString() : "";
                await console.Out.WriteLineAsync(string.Join(separator, v.GetProperty("id"), v.GetProperty("fileName"), v.GetProperty("size"), v.GetProperty("status"), embedding)).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var id = new Argument<Guid>("ID");
        var command = new Command("show", "Show one video.") { id };
        command.SetAction((parse, cancellationToken) => WithApiAsync(parse, console, async (api, _) =>
        {
            var video = await api.GetAsync($"api/videos/{parse.GetValue(id)}", cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(video, Indented)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Remove(CliConsole console)
    {
        var id = new Argument<Guid>("ID");
        var command = new Command("rm", "Delete a video.") { id };
        command.SetAction((parse, cancellationToken) => WithApiAsync(parse, console, async (api, _) =>
        {
            await api.SendAsync(HttpMethod.Delete, $"api/videos/{parse.GetValue(id)}", null, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Rerun(CliConsole console)
    {
        var id = new Argument<Guid>("ID");
        var engine = new Option<string?>("--engine") { Description = "Embedding engine to use this time." };
        var command = new Command("rerun", "Run a video's embedding again.") { id, engine };
        command.SetAction((parse, cancellationToken) => WithApiAsync(parse, console, async (api, _) =>
        {
            var summary = await api.SendAsync(HttpMethod.Post, $"api/videos/{parse.GetValue(id)}/embedding", new { engine = parse.GetValue(engine) }, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(summary, Indented)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Compare(CliConsole console)
    {
        var a = new Argument<string>("A") { Description = "Video id or local file (the reference)." };
        var b = new Argument<string?>("B") { Arity = ArgumentArity.ZeroOrOne, Description = "Video id or local file." };
        var against = new Option<string?>("--against") { Description = "Compare every video in this folder with A." };
        var failOn = new Option<string>("--fail-on") { Description = "Kinds that count as differences.", DefaultValueFactory = _ => "changed,inserted,removed,moved" };
        var minSeconds = new Option<double>("--min-seconds") { Description = "Shorter regions do not count.", DefaultValueFactory = _ => 0 };
        var command = new Command("compare", "Compare two videos; exit 1 when they differ within the rules.") { a, b, against, failOn, minSeconds };
        command.SetAction((parse, cancellationToken) => WithApiAsync(parse, console, async (api, settings) =>
        {
            var rules = new DifferenceRules(parse.GetValue(failOn)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), parse.GetValue(minSeconds));
            var folder = parse.GetValue(against);
            if ((folder is null) == (parse.GetValue(b) is null))
            {
                throw new UsageException("Give either B or --against DIR.");
            }

            var uploader = new FileUploader(api.Http, settings.Server, new UploadState(settings.StateDirectory), 8 * 1024 * 1024);
            var master = await ResolveAsync(api, uploader, parse.GetValue(a)!, console, cancellationToken).ConfigureAwait(false);
            var format = parse.GetValue(FormatOption)!;
            if (folder is null)
            {
                var other = await ResolveAsync(api, uploader, parse.GetValue(b)!, console, cancellationToken).ConfigureAwait(false);
                var comparison = await CompareAsync(api, master, other, cancellationToken).ConfigureAwait(false);
                await console.Out.WriteAsync(ComparisonOutput.Write(comparison, format)).ConfigureAwait(false);
                return rules.Differs(comparison) ? ExitCodes.DifferencesFound : ExitCodes.Success;
            }

            if (!Directory.Exists(folder))
            {
                throw new UsageException($"{folder}: no such folder.");
            }

            var differing = 0;
            var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToArray();
            foreach (var file in files)
            {
                var id = await ResolveAsync(api, uploader, file, console, cancellationToken).ConfigureAwait(false);
                var comparison = await CompareAsync(api, master, id, cancellationToken).ConfigureAwait(false);
                var differs = rules.Differs(comparison);
                differing += differs ? 1 : 0;
                await console.Out.WriteLineAsync(ComparisonOutput.SummaryLine(Path.GetFileName(file), comparison, differs)).ConfigureAwait(false);
            }

            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"total: {files.Length} compared, {differing} differ, {files.Length - differing} same")).ConfigureAwait(false);
            return differing > 0 ? ExitCodes.DifferencesFound : ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<JsonElement> CompareAsync(SageApi api, Guid a, Guid b, CancellationToken cancellationToken)
    {
        await api.WaitForEmbeddingAsync(a, cancellationToken).ConfigureAwait(false);
        await api.WaitForEmbeddingAsync(b, cancellationToken).ConfigureAwait(false);
        return await api.SendAsync(HttpMethod.Post, "api/comparisons", new { videoA = a, videoB = b }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An id as it is; a file by its SHA-256 if the library has it already, else uploaded.</summary>
    private static async Task<Guid> ResolveAsync(SageApi api, FileUploader uploader, string idOrFile, CliConsole console, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(idOrFile, out var id) && !File.Exists(idOrFile))
        {
            return id;
        }

        await VideoFileCheck.EnsureVideoAsync(idOrFile, cancellationToken).ConfigureAwait(false);
        string sha;
        await using (var file = File.OpenRead(idOrFile))
        {
            sha = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        }

        var videos = await api.GetAsync("api/videos", cancellationToken).ConfigureAwait(false);
        foreach (var video in videos.EnumerateArray())
        {
            if (string.Equals(video.GetProperty("sha256").GetString(), sha, StringComparison.OrdinalIgnoreCase) && video.GetProperty("status").GetString() != "failed")
            {
                return video.GetProperty("id").GetGuid();
            }
        }

        return (await UploadAllAsync(uploader, [idOrFile], 1, console, cancellationToken).ConfigureAwait(false))[0];
    }

    private static async Task<int> WithApiAsync(ParseResult parse, CliConsole console, Func<SageApi, CliSettings, Task<int>> run)
    {
        CliSettings settings;
        try
        {
            settings = CliSettings.Resolve(parse.GetValue(SageCli.ServerOption), console.Environment);
        }
        catch (UsageException usage)
        {
            await console.Error.WriteLineAsync("error: " + usage.Message).ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        using var http = SageApi.CreateHttpClient(settings);
        try
        {
            return await run(new SageApi(http), settings).ConfigureAwait(false);
        }
        catch (UsageException usage)
        {
            await console.Error.WriteLineAsync("error: " + usage.Message).ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        catch (ServerProblemException problem)
        {
            await console.Error.WriteLineAsync("error: " + problem.Problem).ConfigureAwait(false);
            return ExitCodes.ServerError;
        }
        catch (Tus.TusException tus)
        {
            await console.Error.WriteLineAsync("error: " + tus.Message).ConfigureAwait(false);
            return ExitCodes.ServerError;
        }
        catch (HttpRequestException network)
        {
            await console.Error.WriteLineAsync($"error: cannot reach {settings.Server}: {network.Message}").ConfigureAwait(false);
            return ExitCodes.ServerError;
        }
    }
}

/// <summary>One line per file per whole percent (or per chunk when small): no escape codes, fit for logs.</summary>
internal sealed class PlainProgress(TextWriter writer)
{
    private readonly Dictionary<string, long> _lastPercent = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Report(string path, long offset, long length)
    {
        var percent = length == 0 ? 100 : offset * 100 / length;
        lock (_gate)
        {
            if (_lastPercent.TryGetValue(path, out var last) && last == percent)
            {
                return;
            }

            _lastPercent[path] = percent;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"upload {Path.GetFileName(path)}: {offset}/{length} bytes ({percent}%)"));
        }
    }
}

/// <summary>Which regions count as a difference: --fail-on kinds, at least --min-seconds long in either video.</summary>
internal sealed record DifferenceRules(IReadOnlyCollection<string> Kinds, double MinSeconds)
{
    public bool Differs(JsonElement comparison) => comparison.GetProperty("regions").EnumerateArray().Any(r =>
        Kinds.Contains(r.GetProperty("kind").GetString()!) &&
        Math.Max(r.GetProperty("aEnd").GetDouble() - r.GetProperty("aStart").GetDouble(), r.GetProperty("bEnd").GetDouble() - r.GetProperty("bStart").GetDouble()) >= MinSeconds);
}

public static class ComparisonOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The stable JSON: the comparison's fields that do not change between runs of the same pair.</summary>
    public static string Write(JsonElement comparison, string format)
    {
        var text = new StringBuilder();
        var regions = comparison.GetProperty("regions").EnumerateArray().ToList();
        switch (format)
        {
            case "json":
                var stable = new
                {
                    videoA = comparison.GetProperty("videoA").GetProperty("fileName").GetString(),
                    videoB = comparison.GetProperty("videoB").GetProperty("fileName").GetString(),
                    similarityPercent = comparison.GetProperty("statistics").GetProperty("similarityPercent").GetDouble(),
                    regions = regions.Select(r => new
                    {
                        kind = r.GetProperty("kind").GetString(),
                        aStart = r.GetProperty("aStart").GetDouble(),
                        aEnd = r.GetProperty("aEnd").GetDouble(),
                        bStart = r.GetProperty("bStart").GetDouble(),
                        bEnd = r.GetProperty("bEnd").GetDouble(),
                        label = r.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null,
                    }),
                };
                text.AppendLine(JsonSerializer.Serialize(stable, Indented));
                break;
            case "csv":
                text.AppendLine("kind,aStart,aEnd,bStart,bEnd,label");
                foreach (var r in regions)
                {
                    text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                        $"{r.GetProperty("kind").GetString()},{r.GetProperty("aStart").GetDouble():0.###},{r.GetProperty("aEnd").GetDouble():0.###},{r.GetProperty("bStart").GetDouble():0.###},{r.GetProperty("bEnd").GetDouble():0.###},{Label(r)}"));
                }

                break;
            default:
                text.AppendLine(CultureInfo.InvariantCulture, $"{"kind",-9} {"A",-17} {"B",-17} label");
                foreach (var r in regions)
                {
                    text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                        $"{r.GetProperty("kind").GetString(),-9} {Span(r, "a"),-17} {Span(r, "b"),-17} {Label(r)}"));
                }

                text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"similarity {comparison.GetProperty("statistics").GetProperty("similarityPercent").GetDouble():0.#}%"));
                break;
        }

        return text.ToString();
    }

    public static string SummaryLine(string file, JsonElement comparison, bool differs)
    {
        var counts = comparison.GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("kind").GetString()).Where(k => k != "same")
            .GroupBy(k => k).Select(g => $"{g.Count()} {g.Key}");
        return string.Create(CultureInfo.InvariantCulture,
            $"{(differs ? "DIFFERS" : "same"),-7} {file}: {comparison.GetProperty("statistics").GetProperty("similarityPercent").GetDouble():0.#}% similar{(differs ? "; " + string.Join(", ", counts) : "")}");
    }

    private static string Span(JsonElement r, string side) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.GetProperty(side + "Start").GetDouble():0.00}-{r.GetProperty(side + "End").GetDouble():0.00}s");

    private static string Label(JsonElement r) => r.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : "";
}
