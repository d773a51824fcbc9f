namespace Sage.Embeddings.TwelveLabs;

/// <summary>Which TwelveLabs embedding API the engine talks to.</summary>
public enum TwelveLabsApi
{
    /// <summary><c>POST /embed/tasks</c> (multipart; takes a URL or the file itself), what the original SAGE used.</summary>
    V1,

    /// <summary><c>POST /embed-v2/tasks</c> (JSON; SAGE sends it a URL only), the documented successor.</summary>
    V2,
}
