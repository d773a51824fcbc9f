namespace Sage.Embeddings.TwelveLabs;

/// <summary>Which TwelveLabs embedding API the engine talks to.</summary>
public enum TwelveLabsApi
{
    /// <summary>
    /// The default: v2 for a video given by URL (v1 is marked for deprecation), v1 for a local file,
    /// since SAGE gives v2 URLs only and v1 is the API that takes the file's bytes. Marengo-retrieval-2.7 always goes to v1.
    /// </summary>
    Auto,

    /// <summary><c>POST /embed/tasks</c> (multipart; takes a URL or the file itself), what the original SAGE used.</summary>
    V1,

    /// <summary><c>POST /embed-v2/tasks</c> (JSON; SAGE sends it a URL only), the documented successor.</summary>
    V2,
}
