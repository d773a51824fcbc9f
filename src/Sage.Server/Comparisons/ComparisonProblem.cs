using Microsoft.AspNetCore.Http.HttpResults;

namespace Sage.Server.Comparisons;

/// <summary>Why a comparison could not be made, as problem+json.</summary>
/// <param name="Video">Which side it is about ("videoA", "videoB"; "embedding_id1"... on the legacy route), if one.</param>
/// <param name="EmbeddingStatus">That video's embedding status, when that is the reason.</param>
public sealed record ComparisonProblem(int Status, string Title, string Detail, string? Video = null, string? EmbeddingStatus = null)
{
    public ProblemHttpResult ToResult()
    {
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (Video is not null)
        {
            extensions["video"] = Video;
        }

        if (EmbeddingStatus is not null)
        {
            extensions["embeddingStatus"] = EmbeddingStatus;
        }

        return TypedResults.Problem(statusCode: Status, title: Title, detail: Detail, extensions: extensions);
    }

    public static ComparisonProblem BadRequest(string title, string detail) => new(StatusCodes.Status400BadRequest, title, detail);
}
