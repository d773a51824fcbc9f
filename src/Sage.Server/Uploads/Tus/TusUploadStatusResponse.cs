using System.Text.Json.Serialization;

namespace Sage.Server.Uploads.Tus;

/// <summary>GET /api/uploads/{id}: an upload's state for people and the UI (not part of tus).</summary>
/// <param name="Status">active, completed, terminated, expired or failed.</param>
/// <param name="Error">Why a failed upload failed.</param>
/// <param name="VideoId">The video a completed upload became.</param>
public sealed record TusUploadStatusResponse(Guid Id, long Offset, long? Length, string Status, string? Error, Guid? VideoId, [property: JsonPropertyName("filename")] string FileName)
{
    public static TusUploadStatusResponse From(TusUpload upload) => new(
        upload.Id,
        upload.UploadOffset,
        upload.UploadLength,
        upload.Status,
        upload.Error,
        upload.Status == TusUploadStatus.Completed ? upload.VideoId : null,
        upload.FileName);
}
