using System.Runtime.CompilerServices;

// The tests pin the banded alignment against the full one with small size limits.
[assembly: InternalsVisibleTo("Sage.Core.Tests")]
