namespace Sage.Core.Comparison;

/// <summary>A comparison request that cannot be honoured as asked (bad threshold, weights or mode); a client error.</summary>
public sealed class InvalidComparisonOptionsException : ArgumentException
{
    public InvalidComparisonOptionsException()
    {
    }

    public InvalidComparisonOptionsException(string message)
        : base(message)
    {
    }

    public InvalidComparisonOptionsException(string message, string? paramName)
        : base(message, paramName)
    {
    }

    public InvalidComparisonOptionsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
