using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sage.Core.Fingerprints;
using Sage.Embeddings.Fingerprints;
using Sage.Media;

namespace Sage.Server.Tests.Fingerprints;

/// <summary>The server tests' fingerprinter: the real one, or one given by a test (one that blocks until cancelled).</summary>
public static class TestFingerprints
{
    public static void Use(IServiceCollection services, Func<IServiceProvider, IVideoFingerprinter>? fingerprinter = null)
    {
        if (fingerprinter is not null)
        {
            services.RemoveAll<IVideoFingerprinter>();
            services.AddSingleton(fingerprinter);
        }
    }
}

/// <summary>Waits until it is cancelled: a fingerprint that is always "processing".</summary>
public sealed class BlockingTestFingerprinter : IVideoFingerprinter
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Started => _started.Task;

    public bool WasCancelled { get; private set; }

    public async Task<VideoFingerprint> FingerprintAsync(string input, VideoProbe probe, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(0.25);
        _started.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            WasCancelled = true;
            throw;
        }

        throw new InvalidOperationException("unreachable");
    }
}
