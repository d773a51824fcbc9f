using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sage.Core.Fingerprints;
using Sage.Embeddings;
using Sage.Embeddings.Fingerprints;
using Sage.Embeddings.Local;
using Sage.Media;

// Times the local engine (embeddings and fingerprint in one decode) and the standalone fingerprinter against plain
// ffmpeg decoding of the same file, and measures the stored fingerprint. By default on a generated 10-minute
// 1280x720 30 fps H.264 video; --video=<path> takes another (bench/make-camera-video.sh makes camera footage).
// Settings come from the command line, e.g.
//   dotnet run -c Release -- --video=../out/camera-600s-720p30.mp4 --Sage:LocalEngine:IntraOpThreads=1
var configuration = new ConfigurationBuilder().AddCommandLine(args).Build();
var seconds = configuration.GetValue("seconds", 600);
var details = configuration.GetValue("details", false);
var fingerprintOnly = configuration.GetValue("fingerprint-only", false);
var outFolder = configuration["out"] ?? Path.Combine(FindRepositoryRoot(), "bench", "out");
Directory.CreateDirectory(outFolder);
var video = configuration["video"] is { Length: > 0 } given
    ? Path.GetFullPath(given)
    : Path.Combine(outFolder, string.Create(CultureInfo.InvariantCulture, $"bench-{seconds}s-720p30.mp4"));

await using var services = new ServiceCollection()
    .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
    .AddSageMedia(configuration)
    .AddSageEmbeddings(configuration)
    .BuildServiceProvider();
var media = services.GetRequiredService<IMediaTools>();
var model = services.GetRequiredService<ResNet18Model>();
var engine = services.GetRequiredService<LocalEmbeddingEngine>();
var fingerprinter = services.GetRequiredService<IVideoFingerprinter>();
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

if (fingerprintOnly)
{
    // Only the stored size: for footage that must not be looped (a loop repeats within the compressor's window).
    var alone = await fingerprinter.FingerprintAsync(video, probe, null, CancellationToken.None);
    MeasureStoredFingerprint(alone, duration);
    return;
}

var reference = await Time("ffmpeg -i f -f null - (all streams, reference)", () => media.DecodeOnlyAsync(video, CancellationToken.None));
if (details)
{
    var pictureRate = VideoFingerprint.PictureRateFor(probe.FramesPerSecond);
    foreach (var (rate, size) in new[] { (options.FramesPerSecond, 224), (pictureRate, 224), (pictureRate, VideoFingerprinter.FrameSize) })
    {
        await Time(Invariant($"frames only: fps={rate:0.##} scale {size}x{size} area rgb24"), async () =>
        {
            await foreach (var frame in media.ReadFramesAsync(video, rate, size, size, CancellationToken.None))
            {
                _ = frame.Index;
            }
        });
    }

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
var embedding = await Time("LocalEmbeddingEngine.EmbedAsync (visual + audio + fingerprint)", async () => result = await engine.EmbedAsync(request, null, CancellationToken.None));
Console.WriteLine(Invariant($"  peak RSS during EmbedAsync {Rss("VmHWM") / 1024.0:F0} MB (RSS before {rssBefore / 1024.0:F0} MB); {result!.Set.Segments.Count} segments"));
Console.WriteLine(Invariant($"  ratio engine / reference = {embedding / reference:F2} (target <= 1.2)"));
VideoFingerprint? standalone = null;
var fingerprinting = await Time("VideoFingerprinter.FingerprintAsync (standalone)", async () => standalone = await fingerprinter.FingerprintAsync(video, probe, null, CancellationToken.None));
Console.WriteLine(Invariant($"  ratio fingerprinter / reference = {fingerprinting / reference:F2}"));
Console.WriteLine(Invariant($"Process peak RSS (VmHWM since reset): {Rss("VmHWM") / 1024.0:F0} MB"));
MeasureStoredFingerprint(result.Fingerprint ?? standalone!, duration);

// The stored size of the fingerprint: the codec's Brotli against the alternatives on the same delta-coded body.
static void MeasureStoredFingerprint(VideoFingerprint fingerprint, double duration)
{
    var body = FingerprintCodec.EncodeBody(fingerprint);
    var raw = fingerprint.Picture.Data.Length + (fingerprint.Sound?.Data.Length ?? 0);
    Console.WriteLine(Invariant($"Fingerprint: {fingerprint.Picture.Count} pictures at {fingerprint.Picture.FrameRate:0.##}/s, {fingerprint.Sound?.Count ?? 0} sound frames; raw {raw / 1e6:F2} MB"));
    using (var stored = new MemoryStream())
    {
        var write = Stopwatch.StartNew();
        FingerprintCodec.Write(fingerprint, stored);
        write.Stop();
        stored.Position = 0;
        var read = Stopwatch.StartNew();
        FingerprintCodec.Read(stored);
        read.Stop();
        Console.WriteLine(Invariant($"  FingerprintCodec: {stored.Length / 1e6:F3} MB ({stored.Length * 3600 / duration / 1e6:F1} MB per hour), write {write.Elapsed.TotalMilliseconds:F0} ms, read {read.Elapsed.TotalMilliseconds:F0} ms"));
    }

    void Report(string label, byte[] input, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        var stopwatch = Stopwatch.StartNew();
        using (var compressing = compressor(output))
        {
            compressing.Write(input);
        }

        stopwatch.Stop();
        Console.WriteLine(Invariant($"  {label}: {output.Length / 1e6:F3} MB ({output.Length * 3600 / duration / 1e6:F1} MB per hour) in {stopwatch.Elapsed.TotalMilliseconds:F0} ms"));
    }

    Report("Deflate Optimal, planar delta body (Brotli q5 is the codec)", body, s => new DeflateStream(s, CompressionLevel.Optimal, leaveOpen: true));
    Report("Deflate SmallestSize, planar delta body", body, s => new DeflateStream(s, CompressionLevel.SmallestSize, leaveOpen: true));
    foreach (var quality in new[] { 1, 3, 5, 7, 9, 11 })
    {
        Report(Invariant($"Brotli q{quality} w22, planar delta body"), body, s => new BrotliStream(s, new BrotliCompressionOptions { Quality = quality }, leaveOpen: true));
    }

    // The same differences in frame order (the frames back to back), as first written.
    var frameOrder = new byte[body.Length];
    var pictureBytes = fingerprint.Picture.Data.Length;
    FrameOrderDelta(fingerprint.Picture.Data, frameOrder, PictureTrack.DescriptorLength);
    FrameOrderDelta(fingerprint.Sound is null ? [] : fingerprint.Sound.Data, frameOrder.AsSpan(pictureBytes), SoundTrack.FrameLength);
    Report("Deflate Optimal, frame-order delta body", frameOrder, s => new DeflateStream(s, CompressionLevel.Optimal, leaveOpen: true));
    Report("Brotli q5, frame-order delta body", frameOrder, s => new BrotliStream(s, new BrotliCompressionOptions { Quality = 5 }, leaveOpen: true));
    Report("Brotli q9, frame-order delta body", frameOrder, s => new BrotliStream(s, new BrotliCompressionOptions { Quality = 9 }, leaveOpen: true));

    var plain = new byte[raw];
    fingerprint.Picture.Data.CopyTo(plain);
    fingerprint.Sound?.Data.CopyTo(plain.AsSpan(fingerprint.Picture.Data.Length));
    Report("Brotli q5, values without delta", plain, s => new BrotliStream(s, new BrotliCompressionOptions { Quality = 5 }, leaveOpen: true));
}

async Task<double> Time(string label, Func<Task> action)
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
    return wall;
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

static void FrameOrderDelta(ReadOnlySpan<byte> frames, Span<byte> destination, int frameLength)
{
    frames[..Math.Min(frameLength, frames.Length)].CopyTo(destination);
    for (var i = frameLength; i < frames.Length; i++)
    {
        destination[i] = unchecked((byte)(frames[i] - frames[i - frameLength]));
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
