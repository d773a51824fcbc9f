namespace Sage.Server.Tests.Comparisons;

/// <summary>The comparison tests share one server and its embedded videos (embedding is the slow part).</summary>
[CollectionDefinition(Name)]
public sealed class ComparisonCollection : ICollectionFixture<ComparisonFixture>
{
    public const string Name = "Comparisons";
}
