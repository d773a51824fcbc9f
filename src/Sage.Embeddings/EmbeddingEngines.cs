namespace Sage.Embeddings;

/// <summary>
/// The registered engines by name. Each engine registers itself as an <see cref="IEmbeddingEngine"/>;
/// adding the TwelveLabs engine later is one more registration, nothing here changes.
/// </summary>
public sealed class EmbeddingEngines
{
    /// <summary>Every engine SAGE ships, by name: the one list that settings, requests and validation choose from.</summary>
    public static readonly IReadOnlyList<string> Known = [Local.LocalEmbeddingEngine.EngineName, TwelveLabs.TwelveLabsEngine.EngineName];

    private readonly Dictionary<string, IEmbeddingEngine> _engines;

    public EmbeddingEngines(IEnumerable<IEmbeddingEngine> engines)
    {
        ArgumentNullException.ThrowIfNull(engines);
        _engines = new Dictionary<string, IEmbeddingEngine>(StringComparer.OrdinalIgnoreCase);
        foreach (var engine in engines)
        {
            if (!_engines.TryAdd(engine.Name, engine))
            {
                throw new InvalidOperationException($"Two embedding engines are registered under the name '{engine.Name}'.");
            }
        }
    }

    /// <summary>Names of the registered engines, sorted.</summary>
    public IReadOnlyList<string> Names => _engines.Keys.Order(StringComparer.Ordinal).ToList();

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IEmbeddingEngine? engine) =>
        _engines.TryGetValue(name, out engine);

    /// <summary>The engine called <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> if none is registered.</summary>
    public IEmbeddingEngine Get(string name) =>
        TryGet(name, out var engine) ? engine : throw new KeyNotFoundException($"No embedding engine named '{name}' is registered (have: {string.Join(", ", Names)}).");
}
