using System.ComponentModel.DataAnnotations;

namespace Sage.Server.Settings;

/// <summary>How the server picks an engine for a request that names none (configuration section "Sage:Embedding").</summary>
public sealed class EmbeddingSelectionOptions
{
    public const string SectionName = "Sage:Embedding";
    public const string Auto = "auto";

    /// <summary>
    /// "auto" (TwelveLabs when a valid key is configured, else local), "local" or "twelvelabs".
    /// A choice saved through PUT /api/settings/engine takes precedence.
    /// </summary>
    [Required]
    [RegularExpression("^(auto|local|twelvelabs)$", ErrorMessage = "Sage:Embedding:DefaultEngine must be auto, local or twelvelabs.")]
    public string DefaultEngine { get; set; } = Auto;
}
