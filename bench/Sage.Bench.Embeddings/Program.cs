using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sage.Embeddings;
using Sage.Embeddings.Local;
using Sage.Media;

// Times the local engine on a generated 10-minute 1280x720 30 fps H.264 video with audio, against
// plain ffmpeg decoding of the same file. Settings come from the command line, e.g.
//   dotnet run -c Release -- --Sage:LocalEngine:FramesPerSecond=1 --Sage:LocalEngine:IntraOpThreads=1 --seconds=120
var configuration = new ConfigurationBuilder().AddCommandLine(args).Build();
var seconds = configuration.GetValue("seconds", 600);
var skipReference = configuration.GetValue("skip-reference", false);
var outFolder = configuration["out"] ?? Path.Combine(FindRepositoryRoot(), "bench", "out");
Directory.CreateDirectory(outFolder);
var video = Path.Combine(outFolder, string.Create(CultureInfo.InvariantCulture, $"bench-{seconds}s-720p30.mp4"));

await using var services = new ServiceCollection()
    .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
    .AddSageMedia(configuration)
    .AddSageEmbeddings(configuration)
    .BuildServiceProvider();
var media = services.GetRequiredService<IMediaTools>();
var model = services.GetRequiredService<ResNet18Model>();
var engine = services.GetRequiredService<LocalEmbeddingEngine>();
var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LocalEngineOptions>>().Value;

if (!File.Exists(video))
{
    Console.WriteLine($"Generating {video} ...");
    var generation = Stopwatch.StartNew();
    await RunFfmpegAsync(
        "-f", "lavfi", "-i", Invariant($"testsrc2=size=1280x720:rate=30:duration={seconds}"),
        "-f", "lavfi", "-i", Invariant($"sine=frequency=440:sample_rate=48000:duration={seconds}"),
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "128k", "-shortest", video + ".tmp.mp4");
    File.Move(video + ".tmp.mp4", video);
    Console.WriteLine(Invariant($"  generated in {generation.Elapsed.TotalSeconds:F1} s"));
}

var probe = await media.ProbeAsync(video, CancellationToken.None);
var duration = probe.DurationSeconds;
Console.WriteLine(Invariant($"Video: {video}, {duration:F1} s, {probe.Width}x{probe.Height} {probe.FramesPerSecond:F0} fps {probe.VideoCodec}/{probe.AudioCodec}, {new FileInfo(video).Length / 1e6:F0} MB"));
Console.WriteLine(Invariant($"Engine: FramesPerSecond={options.FramesPerSecond} IntraOpThreads={options.IntraOpThreads} FrameQueueLength={options.FrameQueueLength} AudioSampleRate={options.AudioSampleRate}; {Environment.ProcessorCount} cores"));

var load = Stopwatch.StartNew();
model.EnsureLoaded();
Console.WriteLine(Invariant($"Model load: {load.Elapsed.TotalMilliseconds:F0} ms; RSS after load {Rss("VmRSS") / 1024.0:F0} MB"));

if (!skipReference)
{
    await Time("ffmpeg -i f -f null - (all streams, reference)", () => media.DecodeOnlyAsync(video, CancellationToken.None));
    await Time(Invariant($"frames only: fps={options.FramesPerSecond} scale 224x224 rgb24"), async () =>
    {
        await foreach (var frame in media.ReadFramesAsync(video, options.FramesPerSecond, 224, 224, CancellationToken.None))
        {
            _ = frame.Index;
        }
    });
    await Time(Invariant($"audio only: mono f32 {options.AudioSampleRate} Hz"), async () =>
    {
        await foreach (var block in media.ReadAudioAsync(video, options.AudioSampleRate, CancellationToken.None))
        {
            _ = block.StartSample;
        }
    });
}

var request = new EmbeddingRequest { Source = VideoSource.FromFile(video), Probe = probe, ClipLengthSeconds = 2 };
EmbeddingResult? result = null;
ResetPeakRss();
var rssBefore = Rss("VmRSS");
await Time("LocalEmbeddingEngine.EmbedAsync (visual + audio)", async () => result = await engine.EmbedAsync(request, null, CancellationToken.None));
Console.WriteLine(Invariant($"  peak RSS during EmbedAsync {Rss("VmHWM") / 1024.0:F0} MB (RSS before {rssBefore / 1024.0:F0} MB); {result!.Set.Segments.Count} segments"));
Console.WriteLine(Invariant($"Process peak RSS (VmHWM since reset): {Rss("VmHWM") / 1024.0:F0} MB"));

async Task Time(string label, Func<Task> action)
{
    var (ownBefore, childrenBefore) = CpuSeconds();
    var loadBefore = LoadAverage();
    var stopwatch = Stopwatch.StartNew();
    await action();
    stopwatch.Stop();
    var (ownAfter, childrenAfter) = CpuSeconds();
    var wall = stopwatch.Elapsed.TotalSeconds;
    var cpu = ownAfter - ownBefore + childrenAfter - childrenBefore;
    // CPU seconds do not depend on what else runs on the box; 2 idle cores could do at most 2*duration/cpu.
    Console.WriteLine(Invariant($"{label}: {wall:F1} s wall = {duration / wall:F1}x real time; CPU {ownAfter - ownBefore:F1} s here + {childrenAfter - childrenBefore:F1} s ffmpeg = {cpu:F1} s, i.e. <= {Environment.ProcessorCount * duration / cpu:F1}x on idle cores; load avg {loadBefore} -> {LoadAverage()}"));
}

// utime+stime of this process and of its reaped children (the ffmpeg processes), from /proc/self/stat.
static (double Own, double Children) CpuSeconds()
{
    var stat = File.ReadAllText("/proc/self/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    double Ticks(int field) => long.Parse(fields[field - 3], CultureInfo.InvariantCulture) / 100.0;
    return (Ticks(14) + Ticks(15), Ticks(16) + Ticks(17));
}

static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

static long Rss(string field)
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith(field + ":", StringComparison.Ordinal))
        {
            return long.Parse(line.AsSpan(field.Length + 1).Trim().ToString().Split(' ')[0], CultureInfo.InvariantCulture);
        }
    }

    return -1;
}

// Writing 5 to clear_refs resets VmHWM, so the peak measured is the embedding's, not the start-up's.
static void ResetPeakRss()
{
    try
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
    }
    catch (IOException)
    {
    }
    catch (UnauthorizedAccessException)
    {
    }
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

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

static async Task RunFfmpegAsync(params string[] arguments)
{
    var startInfo = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
    foreach (var argument in (string[])["-nostdin", "-hide_banner", "-loglevel", "error", "-y", .. arguments])
    {
        startInfo.ArgumentList.Add(argument);
    }

    using var process = Process.Start(startInfo)!;
    var stderr = await process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException("ffmpeg failed: " + stderr);
    }
}
