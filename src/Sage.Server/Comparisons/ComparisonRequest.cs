namespace Sage.Server.Comparisons;

/// <summary>The body of POST /api/comparisons.</summary>
/// <param name="VideoA">The reference video.</param>
/// <param name="VideoB">The video compared with it.</param>
/// <param name="Threshold">Cosine distance in (0, 2]; null for the engine's default (<see cref="ComparisonsOptions.DefaultThresholds"/>).</param>
/// <param name="Mode">"aligned" or "index"; null for <see cref="ComparisonsOptions.DefaultMode"/>.</param>
/// <param name="Weights">Weight per option, e.g. {"visual": 1, "audio": 0.5}; null weighs all options equally.</param>
public sealed record ComparisonRequest(Guid? VideoA, Guid? VideoB, double? Threshold, string? Mode, Dictionary<string, double>? Weights);
