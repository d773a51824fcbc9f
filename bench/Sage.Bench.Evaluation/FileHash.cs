using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Sage.Bench.Evaluation;

/// <summary>The cache key of a video: the first 16 hex digits of its SHA-256, computed once per path per run.</summary>
internal static class FileHash
{
    private static readonly ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);

    public static async Task<string> OfAsync(string path, CancellationToken cancellationToken)
    {
        if (Known.TryGetValue(path, out var known))
        {
            return known;
        }

        await using var stream = File.OpenRead(path);
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken))[..16];
        Known[path] = hash;
        return hash;
    }
}
