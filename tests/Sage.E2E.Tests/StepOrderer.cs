using Xunit.Abstractions;
using Xunit.Sdk;

namespace Sage.E2E.Tests;

/// <summary>Runs a class's tests in the order of their <see cref="StepAttribute"/>: quick checks first, the long upload last.</summary>
public sealed class StepOrderer : ITestCaseOrderer
{
    public const string TypeName = "Sage.E2E.Tests.StepOrderer";
    public const string AssemblyName = "Sage.E2E.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.GetCustomAttributes(typeof(StepAttribute).AssemblyQualifiedName!)
            .FirstOrDefault()?.GetConstructorArguments().FirstOrDefault() as int? ?? int.MaxValue);
}

[AttributeUsage(AttributeTargets.Method)]
public sealed class StepAttribute(int order) : Attribute
{
    public int Order { get; } = order;
}
