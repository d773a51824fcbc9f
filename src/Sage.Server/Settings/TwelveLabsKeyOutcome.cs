using Sage.Embeddings.TwelveLabs;

namespace Sage.Server.Settings;

/// <summary>What happened to a key given to <see cref="TwelveLabsKeySettings.SetKeyAsync"/>: stored only when <see cref="TwelveLabsKeyCheck.IsValid"/>.</summary>
public sealed record TwelveLabsKeyOutcome(TwelveLabsKeyCheck Check, TwelveLabsKeyStatus Status);
