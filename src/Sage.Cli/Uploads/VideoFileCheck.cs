using Sage.Server.Videos;

namespace Sage.Cli.Uploads;

/// <summary>Refuses a file that is not a video before a byte is sent, by the server's own container rule (linked, one home).</summary>
public static class VideoFileCheck
{
    /// <summary>Throws a usage error unless the file's first bytes are a video container; the server types it from its name.</summary>
    public static async Task EnsureVideoAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such file.");
        }

        var prefix = new byte[ContainerSignature.PrefixLength];
        int read;
        await using (var file = File.OpenRead(path))
        {
            read = await file.ReadAtLeastAsync(prefix, prefix.Length, false, cancellationToken).ConfigureAwait(false);
        }

        var container = ContainerSignature.Detect(prefix.AsSpan(0, read));
        if (container is null)
        {
            throw new UsageException($"{path}: not a video (its first bytes are no video container SAGE reads); nothing was sent.");
        }
    }
}
