namespace Sage.Embeddings.TwelveLabs;

/// <summary>What a key check found out.</summary>
public enum TwelveLabsKeyState
{
    /// <summary>TwelveLabs accepted the key (200).</summary>
    Valid,

    /// <summary>TwelveLabs rejected the key (401/403).</summary>
    Invalid,

    /// <summary>TwelveLabs could not be asked (network error, timeout, 5xx, 429): nothing is known about the key.</summary>
    Unreachable,
}

/// <summary>The outcome of a key check, with a reason when it is not <see cref="TwelveLabsKeyState.Valid"/>.</summary>
public sealed record TwelveLabsKeyCheck(TwelveLabsKeyState State, string? Detail = null)
{
    public bool IsValid => State == TwelveLabsKeyState.Valid;
}
