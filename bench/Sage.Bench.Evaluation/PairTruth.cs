using System.Text.Json;
using System.Text.Json.Serialization;
using Sage.Core.Comparison;

namespace Sage.Bench.Evaluation;

/// <summary>
/// The truth file of one pair folder (<c>truth.json</c> next to <c>a.*</c> and <c>b.*</c>): what was done to A to
/// make B. A control expects no region at all.
/// </summary>
/// <param name="Name">Short name, e.g. "insert-cut-1".</param>
/// <param name="Category">The category the report groups by: grid, insert-cut, leader, short, real, sound, moved, fps-edit, trim, control.</param>
/// <param name="Edit">The kind of edit in a word or two: inserted, removed, super, logo, mute, ...</param>
/// <param name="Description">What was done, in words, with the times.</param>
/// <param name="Expected">Regions that should be reported as not <c>same</c>; empty for a control.</param>
public sealed record PairTruth(string Name, string Category, string Edit, string Description, IReadOnlyList<TruthRegion> Expected)
{
    public const string FileName = "truth.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public bool IsControl => Expected.Count == 0;

    public static PairTruth Read(string path) =>
        JsonSerializer.Deserialize<PairTruth>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty.");

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}

/// <summary>
/// An expected region in both videos' seconds (an insertion is a point in A, a removal a point in B), exact to the
/// frame of the video the span is in.
/// </summary>
/// <param name="What">For a changed region: what differs (picture, sound or both); <see langword="null"/> otherwise.</param>
public sealed record TruthRegion(RegionKind Kind, double AStart, double AEnd, double BStart, double BEnd, TruthDifference? What = null);

/// <summary>What differs in a changed truth region.</summary>
public enum TruthDifference
{
    Picture,
    Sound,
    Both,
}
