namespace Sage.Media;

/// <summary>A tool run that exited with code 0.</summary>
/// <param name="Output">Everything the tool wrote to stdout.</param>
/// <param name="ErrorTail">The last lines of stderr (warnings, when it succeeded).</param>
public sealed record MediaProcessResult(ReadOnlyMemory<byte> Output, string ErrorTail);
