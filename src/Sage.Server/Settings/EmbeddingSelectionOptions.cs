using System.ComponentModel.DataAnnotations;
using Sage.Embeddings;

namespace Sage.Server.Settings;

/// <summary>How the server picks an engine for a request that names none (configuration section "Sage:Embedding").</summary>
public sealed class EmbeddingSelectionOptions
{
    public const string SectionName = "Sage:Embedding";
    public const string Auto = "auto";

    /// <summary>"auto" and every engine SAGE ships (<see cref="EmbeddingEngines.Known"/>).</summary>
    public static readonly IReadOnlyList<string> Choices = [Auto, .. EmbeddingEngines.Known];

    /// <summary>
    /// "auto" (TwelveLabs when a valid key is configured, else local), "local" or "twelvelabs".
    /// A choice saved through PUT /api/settings/engine takes precedence.
    /// </summary>
    [Required]
    public string DefaultEngine { get; set; } = Auto;

    public static bool IsValid(EmbeddingSelectionOptions options) => Choices.Contains(options.DefaultEngine);

    public static string Invalid => $"{SectionName}:DefaultEngine must be one of: {string.Join(", ", Choices)}.";
}
