namespace Sage.Embeddings;

/// <summary>
/// Where an engine can read the video. Engines pick what they can use: the local engine decodes
/// <see cref="LocalPath"/> (or streams <see cref="Url"/> through ffmpeg); a hosted engine such as
/// TwelveLabs uploads the file or hands it the presigned <see cref="Url"/>.
/// </summary>
public sealed record VideoSource
{
    /// <summary>A file on this machine.</summary>
    public string? LocalPath { get; init; }

    /// <summary>An http(s) URL the video can be fetched from, e.g. a presigned object-store URL.</summary>
    public Uri? Url { get; init; }

    /// <summary>The object-store key the video is kept under, for engines that talk to the store themselves.</summary>
    public string? StorageKey { get; init; }

    /// <summary>The original file name, for engines that want one on upload.</summary>
    public string? FileName { get; init; }

    /// <summary>What ffmpeg should open: the local path if there is one, else the URL.</summary>
    public string DecoderInput =>
        LocalPath ?? Url?.AbsoluteUri ?? throw new InvalidOperationException("The video source has neither a local path nor a URL.");

    public static VideoSource FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new VideoSource { LocalPath = path, FileName = Path.GetFileName(path) };
    }
}
