using System.Net.Http.Json;
using System.Text.Json;
using Sage.Cli.Tus;

namespace Sage.Cli.Uploads;

/// <summary>Uploads one local file over tus, resuming an earlier run's upload of the same file when the server still has it.</summary>
public sealed class FileUploader(HttpClient http, Uri server, UploadState state, int chunkSize)
{
    private readonly TusClient _tus = new(http);

    public async Task<Guid> UploadAsync(string path, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await VideoFileCheck.EnsureVideoAsync(path, cancellationToken).ConfigureAwait(false);
        var key = await UploadState.KeyAsync(path, cancellationToken).ConfigureAwait(false);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);

        Uri? location = state.Find(key);
        long offset = 0;
        if (location is not null && await _tus.GetOffsetAsync(location, cancellationToken).ConfigureAwait(false) is { } serverOffset)
        {
            offset = serverOffset;
        }
        else
        {
            var created = await _tus.CreateAsync(new Uri(server, "api/uploads"), file.Length,
                new Dictionary<string, string> { ["filename"] = Path.GetFileName(path) }, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
            location = created.Location;
            offset = created.Offset;
            state.Save(key, location, Path.GetFullPath(path));
        }

        progress?.Report(offset);
        var videoId = await _tus.UploadFromOffsetAsync(location, file, offset, chunkSize, progress, cancellationToken).ConfigureAwait(false)
            ?? await VideoIdOfAsync(location, cancellationToken).ConfigureAwait(false);
        state.Forget(key);
        return videoId;
    }

    /// <summary>An upload finished by an earlier run: the server's JSON view says which video it became.</summary>
    private async Task<Guid> VideoIdOfAsync(Uri location, CancellationToken cancellationToken)
    {
        var status = await http.GetFromJsonAsync<JsonElement>(location, cancellationToken).ConfigureAwait(false);
        return status.TryGetProperty("videoId", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetGuid()
            : throw new TusException(System.Net.HttpStatusCode.Conflict, "Upload not complete",
                $"The server says the upload is {status.GetProperty("status").GetString()}: {(status.TryGetProperty("error", out var e) ? e.ToString() : "")}");
    }
}
